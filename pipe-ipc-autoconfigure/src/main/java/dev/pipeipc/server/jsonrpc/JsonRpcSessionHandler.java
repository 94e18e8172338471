package dev.pipeipc.server.jsonrpc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.PipeServerStatistics;
import dev.pipeipc.server.PipeSession;

/**
 * JSON-RPC on one connection: reads each message, answers a single request or a batch, and owns
 * the connection's {@link InFlightRequests}, which cancels reach and which are all cancelled when
 * the connection closes.
 */
final class JsonRpcSessionHandler implements PipeProtocol.SessionHandler {

	/** Longest message checked for an inline stream control notification; an abort is short. */
	private static final int MAX_INLINE_CONTROL_LENGTH = 512;

	private static final byte[] ABORT_BYTES = "enumerator/abort".getBytes(StandardCharsets.US_ASCII);

	private final PipeSession session;

	private final JsonRpcReader reader;

	private final JsonRpcDispatcher dispatcher;

	private final CancelNotifications cancels;

	private final JsonRpcErrorReplies errors;

	private final PipeServerStatistics statistics;

	private final @Nullable JsonRpcObservations observations;

	private final InFlightRequests inFlight = new InFlightRequests();

	private final @Nullable RequestTimeouts timeouts;

	private PipeResultStreaming.@Nullable Session streams;

	JsonRpcSessionHandler(PipeSession session, JsonRpcReader reader, JsonRpcDispatcher dispatcher,
			CancelNotifications cancels, JsonRpcErrorReplies errors, PipeServerStatistics statistics,
			@Nullable JsonRpcObservations observations) {
		this(session, reader, dispatcher, cancels, errors, statistics, observations, null);
	}

	JsonRpcSessionHandler(PipeSession session, JsonRpcReader reader, JsonRpcDispatcher dispatcher,
			CancelNotifications cancels, JsonRpcErrorReplies errors, PipeServerStatistics statistics,
			@Nullable JsonRpcObservations observations, @Nullable RequestTimeouts timeouts) {
		this.timeouts = timeouts;
		this.session = session;
		this.reader = reader;
		this.dispatcher = dispatcher;
		this.cancels = cancels;
		this.errors = errors;
		this.statistics = statistics;
		this.observations = observations;
	}

	/**
	 * Stream results on this connection (set once, when the session opens).
	 * @param streams the connection's streams
	 * @return this handler
	 */
	JsonRpcSessionHandler streams(PipeResultStreaming.Session streams) {
		this.streams = streams;
		return this;
	}

	@Override
	public boolean handleInline(byte[] message) {
		if (this.cancels.applyInline(message, this.session, this.inFlight)) {
			this.statistics.cancelRequested();
			return true;
		}
		return this.streams != null && controlInline(message, this.streams);
	}

	/**
	 * Apply a stream's control notification ({@code $/enumerator/abort}) in message order; its
	 * outcome has no answer.
	 */
	private boolean controlInline(byte[] message, PipeResultStreaming.Session streams) {
		if (message.length > MAX_INLINE_CONTROL_LENGTH || !containsAbort(message)) {
			return false;
		}
		JsonRpcRequest request = this.reader.readRequestQuietly(message);
		if (request == null || !request.isNotification() || !streams.appliesInline(request.method())) {
			return false;
		}
		try {
			streams.control(request.method(), request.params());
		}
		catch (RuntimeException ex) {
			// A notification is never answered, not even with an error.
		}
		return true;
	}

	private static boolean containsAbort(byte[] message) {
		outer: for (int i = 0; i <= message.length - ABORT_BYTES.length; i++) {
			for (int j = 0; j < ABORT_BYTES.length; j++) {
				if (message[i + j] != ABORT_BYTES[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	@Override
	public void handle(byte[] message, PipeProtocol.Reply reply) {
		JsonNode root = this.reader.read(message, reply);
		if (root == null) {
			return;
		}
		if (!root.isArray()) {
			// The reply is tied to the answer before the handler runs: a timeout answers while a
			// handler run on this thread is still blocked.
			CompletableFuture<@Nullable ResponseBody> answer = new CompletableFuture<>();
			answer.whenComplete((body, ex) -> ResponseBody.completeReply(body, reply));
			handleOne(root, answer);
		}
		else if (root.isEmpty()) {
			reply.complete(this.errors.invalidRequest(null, "Batch is empty"));
		}
		else {
			JsonRpcBatch.answer(root, (node) -> {
				CompletableFuture<@Nullable ResponseBody> answer = new CompletableFuture<>();
				handleOne(node, answer);
				return answer;
			}, reply);
		}
	}

	/**
	 * Handle one request object of a message.
	 * @param answer completed with the response, or {@code null} for a notification; never
	 * exceptionally
	 */
	private void handleOne(JsonNode node, CompletableFuture<@Nullable ResponseBody> answer) {
		JsonRpcRequest request;
		try {
			request = JsonRpcRequest.from(node);
		}
		catch (InvalidRequestException ex) {
			answer.complete(ResponseBody.of(this.errors.invalidRequest(ex.getId(), ex.getReason())));
			return;
		}
		if (CancelNotifications.isCancel(request)) {
			this.statistics.cancelRequested();
			this.cancels.apply(request.params(), this.session, this.inFlight);
			answer.complete(null);
			return;
		}
		PipeResultStreaming.Session streams = this.streams;
		if (streams != null && streams.serves(request.method())) {
			control(request, streams, answer);
			return;
		}
		JsonNode id = request.id();
		Duration timeout = (this.timeouts != null && id != null) ? this.timeouts.timeoutFor(request.method()) : null;
		if (this.timeouts == null || id == null || timeout == null) {
			dispatch(request, node, answer);
			return;
		}
		// Past the timeout the client is answered at once and the handler interrupted; whatever it
		// returns afterwards is dropped.
		ScheduledFuture<?> expiry = this.timeouts.schedule(timeout, () -> {
			this.inFlight.answeringEarly(id);
			if (answer.complete(ResponseBody.of(this.errors.timedOut(request, timeout)))) {
				this.inFlight.expire(id);
			}
		});
		answer.whenComplete((body, ex) -> expiry.cancel(false));
		dispatch(request, node, answer);
	}

	/**
	 * Answer a control request of a stream ({@code $/enumerator/next} or {@code abort}). It is
	 * tracked like any request, so {@code $/cancelRequest} reaches it (and cancels its stream).
	 */
	private void control(JsonRpcRequest request, PipeResultStreaming.Session streams,
			CompletableFuture<@Nullable ResponseBody> answer) {
		JsonNode id = request.id();
		InFlightRequests.Call call = (id != null) ? this.inFlight.start(id) : null;
		CompletableFuture<@Nullable Object> result;
		try {
			result = streams.control(request.method(), request.params());
		}
		catch (Throwable ex) {
			result = CompletableFuture.failedFuture(ex);
		}
		if (call != null) {
			call.waitingFor(result);
		}
		result.whenComplete((value, ex) -> {
			if (id != null && call != null) {
				this.inFlight.finish(id, call);
			}
			if (call != null && call.isCancelled()) {
				answer.complete(ResponseBody.of(this.errors.cancelled(request)));
			}
			else {
				answer.complete((ex != null) ? this.dispatcher.streamFailed(request, ex)
						: this.dispatcher.streamSucceeded(request, value));
			}
		});
	}

	/**
	 * Run a valid request, observed when the server has an observer, and complete its answer with
	 * the response (unless a timeout answered first).
	 */
	private void dispatch(JsonRpcRequest request, JsonNode node, CompletableFuture<@Nullable ResponseBody> answer) {
		if (this.observations != null) {
			this.observations.observe(request, node, this.session,
					() -> this.dispatcher.dispatch(request, this.session, this.inFlight, this.streams), answer);
			return;
		}
		CompletableFuture<@Nullable ResponseBody> response = this.dispatcher.dispatch(request, this.session, this.inFlight,
				this.streams);
		if (response.isDone()) {
			answer.complete(response.join());
		}
		else {
			response.whenComplete((body, ex) -> answer.complete(body));
		}
	}

	/**
	 * Answer each request of the message with {@link dev.pipeipc.jsonrpc.JsonRpcErrorCodes#SERVER_UNAVAILABLE}
	 * and its own id; notifications get nothing.
	 */
	@Override
	public void refuse(byte[] message, String reason, PipeProtocol.Reply reply) {
		JsonNode root = this.reader.read(message, reply);
		if (root == null) {
			return;
		}
		if (!root.isArray()) {
			reply.complete(refuseOne(root, reason));
		}
		else if (root.isEmpty()) {
			reply.complete(this.errors.invalidRequest(null, "Batch is empty"));
		}
		else {
			JsonRpcBatch.answer(root, (node) -> CompletableFuture.completedFuture(ResponseBody.of(refuseOne(node, reason))),
					reply);
		}
	}

	private byte @Nullable [] refuseOne(JsonNode node, String reason) {
		try {
			return this.errors.unavailable(JsonRpcRequest.from(node), reason);
		}
		catch (InvalidRequestException ex) {
			return this.errors.invalidRequest(ex.getId(), ex.getReason());
		}
	}

	@Override
	public void closed() {
		this.inFlight.cancelAll();
		if (this.streams != null) {
			this.streams.closed();
		}
	}

}
