package dev.pipeipc.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * Fails a call with {@link PipeTimeoutException} when no answer came within the request timeout,
 * counted from when the call was made (connecting included). Failing the call is all it does: the
 * call's connection then forgets it and sends {@code $/cancelRequest} (see {@link PendingCall}).
 */
final class RequestTimeout {

	private final String pipeName;

	private final @Nullable Duration timeout;


	/**
	 * Create the timeout of a client.
	 * @param pipeName the pipe, for error messages
	 * @param timeout the timeout, or {@code null} to wait indefinitely
	 */
	RequestTimeout(String pipeName, @Nullable Duration timeout) {
		this.pipeName = pipeName;
		this.timeout = timeout;
	}

	/**
	 * Start the timeout of a call.
	 * @param call the call
	 */
	void watch(PendingCall<?> call) {
		Duration limit = this.timeout;
		if (limit == null) {
			return;
		}
		// The timer holds a future of its own, never the call: orTimeout drops its task from the
		// timer queue as soon as that future completes, which it does with the call. A task that held
		// the call would keep its answer reachable until the timeout had passed, so a client making
		// many calls (a stream pulling batch after batch) would hold every answer of the last
		// timeout period.
		CompletableFuture<@Nullable Void> deadline = new CompletableFuture<>();
		deadline.orTimeout(limit.toNanos(), TimeUnit.NANOSECONDS).whenComplete((ignored, ex) -> {
			if (ex instanceof TimeoutException && !call.future().isDone()) {
				call.fail(new PipeTimeoutException("Method '" + call.method() + "' on pipe '" + this.pipeName
						+ "' did not answer within " + limit.toMillis() + " ms"));
			}
		});
		call.future().whenComplete((result, ex) -> deadline.complete(null));
	}

}
