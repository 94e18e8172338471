package dev.pipeipc.server.jsonrpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The requests of one connection that are being handled, by id, so that {@code $/cancelRequest}
 * (or the client disconnecting) can stop them: a handler running on a worker thread is
 * interrupted, a returned future is cancelled. Owned by the connection's
 * {@link JsonRpcSessionHandler}, so it lives exactly as long as the connection; once
 * {@linkplain #cancelAll() closed}, a request that starts late starts cancelled.
 */
final class InFlightRequests {

	private static final Log logger = LogFactory.getLog(InFlightRequests.class);

	/** How many cancels for requests not yet started are remembered. */
	private static final int MAX_EARLY_CANCELS = 256;

	private final Map<JsonNode, Call> calls = new ConcurrentHashMap<>();

	private final Set<JsonNode> earlyCancels = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	/**
	 * Track a request. A second request with an id already in flight is not tracked (the client
	 * broke the id rule; only the first can be cancelled). A request whose cancel arrived first
	 * (it was still queued) starts out cancelled, and so does a request that starts after the
	 * connection closed, so nothing outlives the connection.
	 */
	@Nullable Call start(JsonNode id) {
		Call call = new Call();
		if (this.calls.putIfAbsent(id, call) != null) {
			return null;
		}
		// Read after the put: either cancelAll() sees this call, or this sees that it ran.
		if (this.closed || this.earlyCancels.remove(id)) {
			call.cancel();
		}
		return call;
	}

	void finish(JsonNode id, Call call) {
		this.calls.remove(id, call);
	}

	/**
	 * Cancel a request: the running one, or, if it has not started yet, the one that will start
	 * with this id.
	 */
	void cancel(JsonNode id) {
		Call call = this.calls.get(id);
		if (call != null) {
			call.cancel();
		}
		else if (this.earlyCancels.size() < MAX_EARLY_CANCELS) {
			this.earlyCancels.add(id);
		}
	}

	/**
	 * A request ran past its timeout and has been answered: cancel it (its handler is
	 * interrupted) and stop tracking it, so its id is free again.
	 */
	void expire(JsonNode id) {
		Call call = this.calls.remove(id);
		if (call != null) {
			call.cancel();
		}
	}

	/**
	 * A request is about to be answered before its handler returned (it ran past its timeout):
	 * run what must happen before its response is written, such as sending its last progress.
	 */
	void answeringEarly(JsonNode id) {
		Call call = this.calls.get(id);
		if (call != null) {
			call.answeringEarly();
		}
	}

	/**
	 * The connection closed: cancel every request in progress and any that starts later.
	 */
	void cancelAll() {
		this.closed = true;
		this.earlyCancels.clear();
		for (Call call : this.calls.values()) {
			call.cancel();
		}
		this.calls.clear();
	}

	/**
	 * One request being handled, and the {@link PipeCancellation} its handler sees.
	 */
	static final class Call implements PipeCancellation {

		private @Nullable Thread worker;

		private @Nullable CompletableFuture<?> stage;

		private boolean cancelled;

		private @Nullable List<Runnable> callbacks;

		private volatile @Nullable CompletableFuture<?> heldUntil;

		/**
		 * Keep the request in flight after its answer, until a stream it started ends: a cancel or
		 * a disconnect still reaches it.
		 * @param end completed when the stream ends
		 */
		void holdUntil(CompletableFuture<?> end) {
			this.heldUntil = end;
		}

		@Nullable CompletableFuture<?> heldUntil() {
			return this.heldUntil;
		}

		private @Nullable List<Runnable> beforeEarlyAnswer;

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

		void cancel() {
			List<Runnable> toRun;
			synchronized (this) {
				if (this.cancelled) {
					return;
				}
				this.cancelled = true;
				if (this.worker != null) {
					this.worker.interrupt();
				}
				if (this.stage != null) {
					this.stage.cancel(true);
				}
				toRun = this.callbacks;
				this.callbacks = null;
			}
			// Outside the lock: a callback may well ask isCancelled() from another thread it waits for.
			if (toRun != null) {
				toRun.forEach(Call::run);
			}
		}

		/**
		 * Run a callback before the request is answered while its handler still runs.
		 */
		synchronized void beforeEarlyAnswer(Runnable callback) {
			if (this.beforeEarlyAnswer == null) {
				this.beforeEarlyAnswer = new ArrayList<>(1);
			}
			this.beforeEarlyAnswer.add(callback);
		}

		void answeringEarly() {
			List<Runnable> toRun;
			synchronized (this) {
				toRun = this.beforeEarlyAnswer;
				this.beforeEarlyAnswer = null;
			}
			if (toRun != null) {
				toRun.forEach(Call::run);
			}
		}

		@Override
		public synchronized boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public void onCancel(Runnable callback) {
			synchronized (this) {
				if (!this.cancelled) {
					if (this.callbacks == null) {
						this.callbacks = new ArrayList<>(2);
					}
					this.callbacks.add(callback);
					return;
				}
			}
			run(callback);
		}

		private static void run(Runnable callback) {
			try {
				callback.run();
			}
			catch (Throwable ex) {
				logger.warn("A cancel callback of a JSON-RPC handler failed", ex);
			}
		}

	}

}
