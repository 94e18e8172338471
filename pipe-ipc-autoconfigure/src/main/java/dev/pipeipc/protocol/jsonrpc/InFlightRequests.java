package dev.pipeipc.protocol.jsonrpc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The requests of one connection that are being handled, by id, so that {@code $/cancelRequest}
 * (or the client disconnecting) can stop them: a handler running on a worker thread is
 * interrupted, a returned future is cancelled.
 */
final class InFlightRequests {

	private final Map<JsonNode, Call> calls = new ConcurrentHashMap<>();

	/**
	 * Track a request. A second request with an id already in flight is not tracked (the client
	 * broke the id rule; only the first can be cancelled).
	 */
	@Nullable Call start(JsonNode id) {
		Call call = new Call();
		return (this.calls.putIfAbsent(id, call) == null) ? call : null;
	}

	void finish(JsonNode id, Call call) {
		this.calls.remove(id, call);
	}

	boolean cancel(JsonNode id) {
		Call call = this.calls.get(id);
		if (call == null) {
			return false;
		}
		call.cancel();
		return true;
	}

	void cancelAll() {
		for (Call call : this.calls.values()) {
			call.cancel();
		}
		this.calls.clear();
	}

	/**
	 * One request being handled.
	 */
	static final class Call {

		private @Nullable Thread worker;

		private @Nullable CompletableFuture<?> stage;

		private boolean cancelled;

		/**
		 * The handler is about to run on the current thread.
		 */
		synchronized void running() {
			this.worker = Thread.currentThread();
			if (this.cancelled) {
				this.worker.interrupt();
			}
		}

		/**
		 * The handler returned: the thread is no longer this call's, and an interrupt meant for the
		 * call must not leak into the thread's next task.
		 */
		synchronized void returned() {
			this.worker = null;
			if (this.cancelled) {
				Thread.interrupted();
			}
		}

		synchronized void waitingFor(CompletableFuture<?> future) {
			this.stage = future;
			if (this.cancelled) {
				future.cancel(true);
			}
		}

		synchronized void cancel() {
			this.cancelled = true;
			if (this.worker != null) {
				this.worker.interrupt();
			}
			if (this.stage != null) {
				this.stage.cancel(true);
			}
		}

		synchronized boolean isCancelled() {
			return this.cancelled;
		}

	}

}
