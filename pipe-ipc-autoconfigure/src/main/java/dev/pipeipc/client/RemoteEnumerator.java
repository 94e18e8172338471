package dev.pipeipc.client;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.jsonrpc.JsonRpcException;

/**
 * The consumer's side of one remote stream: the values received and not yet taken, the token
 * that pulls more, and the one request in flight. Both ways of consuming a stream, the blocking
 * {@link java.util.stream.Stream} and the {@link java.util.concurrent.Flow.Publisher}, drive this
 * one state machine:
 * <pre>
 *   call sent ──result──▶ values buffered ──taken──▶ buffer empty ──fetch()──▶ next in flight
 *       │                       ▲                         │                        │
 *       │                       └───────────answer────────┼────────────────────────┘
 *       ▼                                                 ▼
 *   error / close ────────────────────────────────▶ done (failure thrown once the buffer is empty)
 * </pre>
 * Values are pulled only when none are buffered and the consumer asks for more
 * ({@link #fetch()}), so a consumer holds at most the one batch the server chose to send, however
 * long the stream. At most one {@code $/enumerator/next} is in flight, as the protocol requires
 * (the generator may answer it with {@code finished}).
 * <p>
 * Ending: a generator that answers {@code finished}, or with an error, needs no abort (it has
 * released the stream already); a consumer that closes early, or fails on its own side (a request
 * timeout, a value it cannot read), sends {@code $/enumerator/abort} so the server releases the
 * stream, and cancels a request in flight ({@code $/cancelRequest}). A lost connection needs
 * neither: the server drops the stream with the connection.
 */
final class RemoteEnumerator {

	/** The error a generator answers to a token it does not know (StreamJsonRpc's NoMarshaledObjectFound). */
	static final int UNKNOWN_TOKEN = -32001;

	private final String what;

	private final Exchange exchange;

	private final Runnable onAnswer;

	private final ArrayDeque<JsonNode> buffer = new ArrayDeque<>();

	private @Nullable JsonNode token;

	private boolean finished;

	private boolean closed;

	private @Nullable RuntimeException failure;

	/** The request in flight, to cancel on close. */
	private @Nullable CompletableFuture<JsonNode> inFlight;

	/** Completes once the answer to the request in flight has been taken in; set before it is sent. */
	private @Nullable CompletableFuture<@Nullable Void> answered;

	/**
	 * Track a stream; {@link #start} hands it the opening call.
	 * @param what the method and pipe, for messages
	 * @param exchange sends the pulls and the abort
	 * @param onAnswer run, outside any lock, after each answer, error or close has been taken in
	 */
	RemoteEnumerator(String what, Exchange exchange, Runnable onAnswer) {
		this.what = what;
		this.exchange = exchange;
		this.onAnswer = onAnswer;
	}

	/**
	 * Take in the call that opens the stream, whose result is the first batch.
	 * @param call the opening call
	 * @return completes once its answer has been taken in
	 */
	CompletableFuture<@Nullable Void> start(CompletableFuture<JsonNode> call) {
		CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
		synchronized (this) {
			this.answered = done;
		}
		return track(call, done, true);
	}

	/**
	 * Take the next buffered value.
	 * @return the value, or {@code null} if none is buffered now
	 */
	synchronized @Nullable JsonNode poll() {
		return this.buffer.poll();
	}

	/**
	 * How many values are buffered.
	 * @return the count
	 */
	synchronized int buffered() {
		return this.buffer.size();
	}

	/**
	 * Whether nothing more will come: the buffer is empty and the stream finished, failed or was
	 * closed.
	 * @return {@code true} when done
	 */
	synchronized boolean isDone() {
		return this.buffer.isEmpty() && (this.finished || this.closed) && this.answered == null;
	}

	/**
	 * What the stream failed with, thrown to the consumer once it has taken every value before it.
	 * @return the failure, or {@code null} if it did not fail or was closed
	 */
	synchronized @Nullable RuntimeException failure() {
		return this.closed ? null : this.failure;
	}

	/**
	 * Ask for more values if none are buffered and none are on their way.
	 * @return completes once the answer to the request in flight (new or earlier) has been taken
	 * in; {@code null} when values are buffered or nothing more will come
	 */
	@Nullable CompletableFuture<@Nullable Void> fetch() {
		JsonNode pullWith;
		CompletableFuture<@Nullable Void> done;
		synchronized (this) {
			if (this.answered != null) {
				return this.answered;
			}
			if (!this.buffer.isEmpty() || this.finished || this.closed || this.token == null) {
				return null;
			}
			pullWith = this.token;
			done = new CompletableFuture<>();
			this.answered = done;
		}
		CompletableFuture<JsonNode> next;
		try {
			next = this.exchange.next(pullWith);
		}
		catch (RuntimeException ex) {
			next = CompletableFuture.failedFuture(ex);
		}
		return track(next, done, false);
	}

	/**
	 * Stop consuming: drop the buffered values, cancel a request in flight, and abort the stream on
	 * the server unless it is over there already. Idempotent.
	 */
	void close() {
		CompletableFuture<JsonNode> cancel;
		CompletableFuture<@Nullable Void> waiting;
		JsonNode abort;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.buffer.clear();
			cancel = this.inFlight;
			waiting = this.answered;
			this.inFlight = null;
			this.answered = null;
			abort = this.finished ? null : this.token;
			this.finished = true;
		}
		if (cancel != null) {
			cancel.cancel(false);
		}
		if (abort != null) {
			abortQuietly(abort);
		}
		if (waiting != null) {
			waiting.complete(null);
		}
		this.onAnswer.run();
	}

	private CompletableFuture<@Nullable Void> track(CompletableFuture<JsonNode> call,
			CompletableFuture<@Nullable Void> done, boolean opening) {
		boolean cancel;
		synchronized (this) {
			cancel = this.closed;
			if (!cancel && this.answered == done && !call.isDone()) {
				this.inFlight = call;
			}
		}
		if (cancel) {
			call.cancel(false);
		}
		call.whenComplete((result, ex) -> answer(call, done, result, ex, opening));
		return done;
	}

	private void answer(CompletableFuture<JsonNode> call, CompletableFuture<@Nullable Void> done,
			@Nullable JsonNode result, @Nullable Throwable ex, boolean opening) {
		JsonNode abort = null;
		synchronized (this) {
			if (this.answered == done) {
				this.answered = null;
			}
			if (this.inFlight == call) {
				this.inFlight = null;
			}
			if (this.closed) {
				// Closed while the opening call was in flight, and it was answered anyway.
				abort = (ex == null && result != null && opening) ? openedToken(result) : null;
			}
			else if (ex != null) {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				this.failure = failure(cause, opening);
				abort = abortsAfter(cause) ? this.token : null;
				this.finished = true;
			}
			else {
				try {
					EnumeratorBatch batch = opening ? EnumeratorBatch.ofResult(nonNull(result), this.what)
							: EnumeratorBatch.ofNext(nonNull(result), nonNull(this.token), this.what);
					for (JsonNode value : batch.values()) {
						this.buffer.add(value);
					}
					this.token = batch.token();
					this.finished = batch.finished();
				}
				catch (PipeClientException unreadable) {
					this.failure = unreadable;
					abort = opening ? openedToken(nonNull(result)) : this.token;
					this.finished = true;
				}
			}
		}
		if (abort != null) {
			abortQuietly(abort);
		}
		done.complete(null);
		this.onAnswer.run();
	}

	private RuntimeException failure(Throwable cause, boolean opening) {
		if (!opening && cause instanceof JsonRpcException rpc && rpc.getCode() == UNKNOWN_TOKEN) {
			return new PipeClientException("Stream of " + this.what + " is no longer known to the server (" + UNKNOWN_TOKEN
					+ ": " + rpc.getMessage() + "); it was idle too long, or the connection that opened it was lost",
					rpc);
		}
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		return new PipeClientException("Stream of " + this.what + " failed: " + cause, cause);
	}

	/**
	 * Whether the server may still hold the stream after this failure: not after its own error
	 * answer, nor once the connection is gone.
	 */
	private static boolean abortsAfter(Throwable cause) {
		return !(cause instanceof JsonRpcException) && !(cause instanceof PipeClosedException)
				&& !(cause instanceof CancellationException);
	}

	private static @Nullable JsonNode openedToken(JsonNode result) {
		JsonNode token = result.isObject() ? result.get("token") : null;
		return (token == null || token.isNull() || result.path("finished").asBoolean(false)) ? null : token;
	}

	private void abortQuietly(JsonNode token) {
		try {
			this.exchange.abort(token);
		}
		catch (RuntimeException ex) {
			// The connection is gone, and the server drops the stream with it.
		}
	}

	private static JsonNode nonNull(@Nullable JsonNode node) {
		if (node == null) {
			throw new IllegalStateException("An answer without a result node");
		}
		return node;
	}

	/**
	 * How a stream reaches the server that generates it.
	 */
	interface Exchange {

		/**
		 * Send {@code $/enumerator/next}.
		 * @param token the stream's token
		 * @return the answer's result, or its failure
		 */
		CompletableFuture<JsonNode> next(JsonNode token);

		/**
		 * Send {@code $/enumerator/abort} as a notification.
		 * @param token the stream's token
		 */
		void abort(JsonNode token);

	}

}
