package dev.pipeipc.server.jsonrpc;

import java.util.concurrent.CancellationException;

/**
 * Whether the client cancelled the request being handled ({@code $/cancelRequest}, or by
 * disconnecting). Declare a parameter of this type on a
 * {@link dev.pipeipc.annotation.PipeHandler @PipeHandler} method to receive it: a long-running
 * handler polls it between steps, or registers a callback that stops its work. A cancelled request
 * is answered with {@value dev.pipeipc.jsonrpc.JsonRpcErrorCodes#REQUEST_CANCELLED} whatever the
 * handler then returns or throws. A notification (no id) cannot be cancelled.
 */
public interface PipeCancellation {

	/**
	 * Whether the request has been cancelled.
	 * @return {@code true} once cancelled; never goes back to {@code false}
	 */
	boolean isCancelled();

	/**
	 * Run a callback when the request is cancelled, or now if it already is. The callback runs on
	 * the thread that processes the cancel, possibly the connection's I/O thread: keep it short and
	 * never block in it (complete a future, set a flag, cancel a task). What it throws is logged.
	 * @param callback what to run
	 */
	void onCancel(Runnable callback);

	/**
	 * Stop a handler at a convenient point once the request is cancelled.
	 * @throws CancellationException if the request has been cancelled
	 */
	default void throwIfCancelled() {
		if (isCancelled()) {
			throw new CancellationException("The client cancelled the request");
		}
	}

}
