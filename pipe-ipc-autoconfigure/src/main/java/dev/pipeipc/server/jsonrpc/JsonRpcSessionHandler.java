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
			CompletableFuture<byte @Nullable []> answer = handleOne(root);
			if (answer.isDone()) {
				reply.complete(answer.join());
			}
			else {
				answer.whenComplete((body, ex) -> reply.complete(body));
			}
		}
		else if (root.isEmpty()) {
			reply.complete(this.errors.invalidRequest(null, "Batch is empty"));
		}
		else {
			JsonRpcBatch.answer(root, this::handleOne, reply);
		}
	}

	/**
	 * Handle one request object of a message.
	 * @return the response, or {@code null} for a notification; never completes exceptionally
	 */
	private CompletableFuture<byte @Nullable []> handleOne(JsonNode node) {
		JsonRpcRequest request;
		try {
			request = JsonRpcRequest.from(node);
		}
		catch (InvalidRequestException ex) {
			return CompletableFuture.completedFuture(this.errors.invalidRequest(ex.getId(), ex.getReason()));
		}
		if (CancelNotifications.isCancel(request)) {
			this.statistics.cancelRequested();
			this.cancels.apply(request.params(), this.session, this.inFlight);
			return CompletableFuture.completedFuture(null);
		}
		if (this.observations != null) {
			JsonRpcRequest valid = request;
			return this.observations.observe(request, node, this.session,
					() -> this.dispatcher.dispatch(valid, this.session, this.inFlight));
		}
		return this.dispatcher.dispatch(request, this.session, this.inFlight);
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
