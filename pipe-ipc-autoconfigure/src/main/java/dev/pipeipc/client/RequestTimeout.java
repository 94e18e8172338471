package dev.pipeipc.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Fails a call with {@link PipeTimeoutException} when no answer came within the request timeout,
 * counted from when the call was made (connecting included). Failing the call is all it does: the
 * call's connection then forgets it and sends {@code $/cancelRequest} (see {@link PendingCall}).
 */
final class RequestTimeout {

	private final String pipeName;

	private final @Nullable Duration timeout;

	private final @Nullable Executor delayed;

	/**
	 * Create the timeout of a client.
	 * @param pipeName the pipe, for error messages
	 * @param timeout the timeout, or {@code null} to wait indefinitely
	 */
	RequestTimeout(String pipeName, @Nullable Duration timeout) {
		this.pipeName = pipeName;
		this.timeout = timeout;
		this.delayed = (timeout != null)
				? CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS) : null;
	}

	/**
	 * Start the timeout of a call.
	 * @param call the call
	 */
	void watch(PendingCall<?> call) {
		Executor executor = this.delayed;
		Duration limit = this.timeout;
		if (executor == null || limit == null) {
			return;
		}
		executor.execute(() -> {
			if (!call.future().isDone()) {
				call.fail(new PipeTimeoutException("Method '" + call.method() + "' on pipe '" + this.pipeName
						+ "' did not answer within " + limit.toMillis() + " ms"));
			}
		});
	}

}
