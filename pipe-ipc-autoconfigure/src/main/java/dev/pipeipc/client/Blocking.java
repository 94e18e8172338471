package dev.pipeipc.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

/**
 * Waits for a future the way a blocking call should: the failure thrown as it is (a
 * {@link dev.pipeipc.jsonrpc.JsonRpcException} stays one, not wrapped in an
 * {@link ExecutionException}), and an interrupt cancelling what was waited for.
 */
final class Blocking {

	private Blocking() {
	}

	/**
	 * Wait for a result.
	 * @param <T> the result type
	 * @param future the future
	 * @return the result
	 * @throws PipeClientException if the thread is interrupted while waiting
	 */
	static <T> @Nullable T await(CompletableFuture<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new PipeClientException("Interrupted while waiting for an answer from a pipe", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new PipeClientException(String.valueOf(cause), (cause != null) ? cause : ex);
		}
	}

}
