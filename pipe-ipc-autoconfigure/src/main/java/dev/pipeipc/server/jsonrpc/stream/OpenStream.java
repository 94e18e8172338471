package dev.pipeipc.server.jsonrpc.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.ObservedStream.Outcome;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;
import dev.pipeipc.server.jsonrpc.PipeStreamFailure;

/**
 * One stream a handler returned, from its first answer to its end: the values received from the
 * {@link ItemSource} wait here until the client pulls them. Demand is what bounds memory: the
 * source is asked for at most {@link StreamSettings#capacity()} values beyond those sent, so
 * buffered plus requested never exceeds it, and a source that sends more than asked fails the
 * stream.
 * <p>
 * A pull ({@code $/enumerator/next}) is answered as soon as {@code min-batch-size} values are here
 * (all that are here, in one answer), or the source has ended; after each answer the source is
 * asked for up to {@code read-ahead} values, and the idle timer starts. The first answer (the
 * handler's own response) waits for {@code prefetch} values in the same way. A failure is
 * answered after the values received before it, then the stream ends.
 * <p>
 * State changes under this object's lock; the source is asked for more and answers are completed
 * outside it, so a publisher that emits from inside {@code request} re-enters freely.
 */
final class OpenStream implements ItemSink {

	private final long token;

	private final StreamSettings settings;

	private final ItemSource source;

	private final PipeRequestContext request;

	private final ScheduledExecutorService timer;

	private final Ending ending;

	private final CompletableFuture<@Nullable Void> ended = new CompletableFuture<>();

	private final ArrayDeque<Object> buffer = new ArrayDeque<>();

	private long outstanding;

	private boolean completed;

	private @Nullable Throwable error;

	private boolean done;

	private @Nullable CompletableFuture<@Nullable Object> pending;

	private boolean pendingIsFirst;

	private long sent;

	private @Nullable ScheduledFuture<?> idle;

	/**
	 * The thread inside {@code source.request}: values a synchronous publisher emits there are
	 * answered when it returns, so the answer also knows whether they were the last.
	 */
	private volatile @Nullable Thread requesting;

	OpenStream(long token, StreamSettings settings, ItemSource source, PipeRequestContext request,
			ScheduledExecutorService timer, Ending ending) {
		this.token = token;
		this.settings = settings;
		this.source = source;
		this.request = request;
		this.timer = timer;
		this.ending = ending;
	}

	long token() {
		return this.token;
	}

	PipeRequestContext request() {
		return this.request;
	}

	CompletableFuture<@Nullable Void> ended() {
		return this.ended;
	}

	/**
	 * Values held now: received but not yet sent.
	 * @return the count
	 */
	synchronized int buffered() {
		return this.buffer.size();
	}

	/**
	 * Subscribe and produce the first answer: {@code {"token": t, "values": [...]}}, the token left
	 * out when the values are all there are.
	 * @return the first answer's result
	 */
	CompletableFuture<@Nullable Object> start() {
		CompletableFuture<@Nullable Object> first = new CompletableFuture<>();
		long demand;
		synchronized (this) {
			this.pending = first;
			this.pendingIsFirst = true;
			demand = topUp(Math.max(this.settings.prefetch(), this.settings.readAhead()));
		}
		try {
			this.source.start(this);
		}
		catch (RuntimeException | Error ex) {
			onError(ex);
			return first;
		}
		request(demand);
		return first;
	}

	/**
	 * The client pulls: {@code {"values": [...], "finished": b}}.
	 * @return the answer's result; cancelling it cancels the stream
	 */
	CompletableFuture<@Nullable Object> next() {
		CompletableFuture<@Nullable Object> next = new CompletableFuture<>();
		long demand;
		synchronized (this) {
			if (this.done) {
				return CompletableFuture.failedFuture(StreamConnection.unknownToken(this.token));
			}
			if (this.pending != null) {
				return CompletableFuture.failedFuture(new JsonRpcException(JsonRpcErrorCodes.INVALID_REQUEST,
						"A $/enumerator/next for token " + this.token + " is still pending; ask for more values only"
								+ " once it is answered."));
			}
			this.pending = next;
			this.pendingIsFirst = false;
			stopIdleTimer();
			demand = topUp(Math.max(this.settings.minBatchSize(), this.settings.readAhead()));
		}
		next.whenComplete((value, ex) -> {
			if (ex instanceof CancellationException) {
				cancel(Outcome.CANCELLED);
			}
		});
		request(demand);
		return next;
	}

	/**
	 * Stop the stream: cancel the source, drop what it holds, end. Nothing happens if it has ended.
	 * @param outcome {@link Outcome#ABORTED} or {@link Outcome#CANCELLED}
	 */
	void cancel(Outcome outcome) {
		CompletableFuture<@Nullable Object> waiting;
		synchronized (this) {
			if (this.done) {
				return;
			}
			this.done = true;
			this.buffer.clear();
			waiting = this.pending;
			this.pending = null;
			stopIdleTimer();
		}
		this.source.cancel();
		if (waiting != null) {
			waiting.completeExceptionally(StreamConnection.unknownToken(this.token));
		}
		end(outcome, null);
	}

	@Override
	public void onNext(Object item) {
		boolean overflow;
		synchronized (this) {
			if (this.done) {
				return;
			}
			overflow = this.outstanding <= 0;
			if (!overflow) {
				this.outstanding--;
				this.buffer.add(item);
			}
		}
		if (overflow) {
			this.source.cancel();
			onError(new IllegalStateException("The publisher of " + this.request.handler().describe()
					+ " sent more values than were requested, against the Reactive Streams rules."));
			return;
		}
		answer();
	}

	@Override
	public void onError(Throwable error) {
		synchronized (this) {
			if (this.done || this.completed || this.error != null) {
				return;
			}
			this.error = error;
		}
		answer();
	}

	@Override
	public void onComplete() {
		synchronized (this) {
			if (this.done || this.error != null) {
				return;
			}
			this.completed = true;
		}
		answer();
	}

	/**
	 * Answer the waiting request if it can be answered now.
	 */
	private void answer() {
		if (this.requesting == Thread.currentThread()) {
			return;
		}
		CompletableFuture<@Nullable Object> target;
		Object result = null;
		Throwable failure = null;
		Outcome outcome = null;
		long demand = 0;
		boolean first;
		synchronized (this) {
			target = this.pending;
			if (target == null || this.done) {
				return;
			}
			first = this.pendingIsFirst;
			int wanted = first ? this.settings.prefetch() : this.settings.minBatchSize();
			if (this.buffer.size() < wanted && !this.completed && this.error == null) {
				return;
			}
			this.pending = null;
			if (this.buffer.isEmpty() && this.error != null) {
				failure = this.error;
				outcome = Outcome.FAILED;
				this.done = true;
			}
			else {
				List<Object> values = take(first ? Math.min(this.buffer.size(), wanted) : this.buffer.size());
				boolean finished = this.completed && this.buffer.isEmpty();
				result = first ? firstResult(values, finished) : nextResult(values, finished);
				if (finished) {
					outcome = Outcome.COMPLETED;
					this.done = true;
				}
				else {
					demand = topUp(this.settings.readAhead());
					startIdleTimer();
				}
			}
		}
		if (failure != null) {
			target.completeExceptionally(
					first ? failure : new PipeStreamFailure(this.request, failure));
		}
		else {
			target.complete(result);
		}
		if (outcome != null) {
			this.source.cancel();
			end(outcome, failure);
		}
		else if (demand > 0) {
			request(demand);
		}
	}

	/**
	 * Ask the source for more, then answer with what it sent meanwhile.
	 */
	private void request(long demand) {
		if (demand > 0) {
			Thread previous = this.requesting;
			this.requesting = Thread.currentThread();
			try {
				this.source.request(demand);
			}
			finally {
				this.requesting = previous;
			}
		}
		answer();
	}

	private List<Object> take(int count) {
		List<Object> values = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			values.add(this.buffer.poll());
		}
		this.sent += count;
		return values;
	}

	private Map<String, Object> firstResult(List<Object> values, boolean finished) {
		Map<String, Object> result = new LinkedHashMap<>(4);
		if (!finished) {
			result.put("token", this.token);
		}
		if (!values.isEmpty()) {
			result.put("values", values);
		}
		return result;
	}

	private static Map<String, Object> nextResult(List<Object> values, boolean finished) {
		Map<String, Object> result = new LinkedHashMap<>(4);
		result.put("values", values);
		result.put("finished", finished);
		return result;
	}

	/**
	 * Ask for enough to have {@code target} values buffered or on their way.
	 * @return how many more to request now
	 */
	private long topUp(int target) {
		long missing = target - this.buffer.size() - this.outstanding;
		if (missing <= 0) {
			return 0;
		}
		this.outstanding += missing;
		return missing;
	}

	private void startIdleTimer() {
		stopIdleTimer();
		this.idle = this.timer.schedule(() -> cancel(Outcome.CANCELLED), this.settings.idleTimeout().toNanos(),
				TimeUnit.NANOSECONDS);
	}

	private void stopIdleTimer() {
		if (this.idle != null) {
			this.idle.cancel(false);
			this.idle = null;
		}
	}

	private void end(Outcome outcome, @Nullable Throwable failure) {
		long items;
		synchronized (this) {
			items = this.sent;
		}
		try {
			this.ending.ended(this, outcome, items, failure);
		}
		finally {
			this.ended.complete(null);
		}
	}

	/**
	 * Told once when a stream ends.
	 */
	interface Ending {

		void ended(OpenStream stream, Outcome outcome, long items, @Nullable Throwable error);

	}

}
