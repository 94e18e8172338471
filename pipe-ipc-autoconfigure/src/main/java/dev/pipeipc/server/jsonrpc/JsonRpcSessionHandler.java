package dev.pipeipc.server.jsonrpc;

import java.util.concurrent.CompletableFuture;

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

	private final PipeSession session;

	private final JsonRpcReader reader;

	private final JsonRpcDispatcher dispatcher;

	private final CancelNotifications cancels;

	private final JsonRpcErrorReplies errors;

	private final PipeServerStatistics statistics;

	private final @Nullable JsonRpcObservations observations;

	private final InFlightRequests inFlight = new InFlightRequests();

	JsonRpcSessionHandler(PipeSession session, JsonRpcReader reader, JsonRpcDispatcher dispatcher,
			CancelNotifications cancels, JsonRpcErrorReplies errors, PipeServerStatistics statistics,
			@Nullable JsonRpcObservations observations) {
		this.session = session;
		this.reader = reader;
		this.dispatcher = dispatcher;
		this.cancels = cancels;
		this.errors = errors;
		this.statistics = statistics;
		this.observations = observations;
	}

	@Override
	public boolean handleInline(byte[] message) {
		if (this.cancels.applyInline(message, this.session, this.inFlight)) {
			this.statistics.cancelRequested();
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
			handleOne(root, reply);
		}
		else if (root.isEmpty()) {
			reply.complete(this.errors.invalidRequest(null, "Batch is empty"));
		}
		else {
			JsonRpcBatch.answer(root, (node) -> handleOne(node, null), reply);
		}
	}

	/**
	 * Handle one request object: the whole message, answered through {@code single}, or a member
	 * of a batch.
	 * @param node the request object
	 * @param single the reply to complete with the response when the request is the whole message,
	 * or {@code null} for a member of a batch
	 * @return the response, or {@code null} for a notification; never completes exceptionally
	 */
	private CompletableFuture<byte @Nullable []> handleOne(JsonNode node, PipeProtocol.@Nullable Reply single) {
		JsonRpcRequest request;
		try {
			request = JsonRpcRequest.from(node);
		}
		catch (InvalidRequestException ex) {
			return respond(
					CompletableFuture.completedFuture(this.errors.invalidRequest(ex.getId(), ex.getReason())), single);
		}
		if (CancelNotifications.isCancel(request)) {
			this.statistics.cancelRequested();
			this.cancels.apply(request.params(), this.session, this.inFlight);
			return respond(CompletableFuture.completedFuture(null), single);
		}
		if (this.observations != null) {
			JsonRpcRequest valid = request;
			return this.observations.observe(request, node, this.session,
					() -> this.dispatcher.dispatch(valid, this.session, this.inFlight), single);
		}
		return respond(this.dispatcher.dispatch(request, this.session, this.inFlight), single);
	}

	/**
	 * Hand a response to the reply of a whole message, now or once it is known.
	 * @param answer the response
	 * @param single the reply, or {@code null} for a member of a batch (answered with the batch)
	 * @return the response
	 */
	private static CompletableFuture<byte @Nullable []> respond(CompletableFuture<byte @Nullable []> answer,
			PipeProtocol.@Nullable Reply single) {
		if (single != null) {
			if (answer.isDone()) {
				single.complete(answer.join());
			}
			else {
				answer.whenComplete((body, ex) -> single.complete(body));
			}
		}
		return answer;
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
			JsonRpcBatch.answer(root, (node) -> CompletableFuture.completedFuture(refuseOne(node, reason)), reply);
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
	}

}
