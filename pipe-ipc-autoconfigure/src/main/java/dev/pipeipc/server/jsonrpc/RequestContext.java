package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.server.PipeSession;

/**
 * One request on its way through the dispatcher, as resolvers and exception handlers see it.
 */
final class RequestContext implements PipeRequestContext {

	/** The signal of a notification, which no cancel can name. */
	private static final PipeCancellation NEVER_CANCELLED = new PipeCancellation() {

		@Override
		public boolean isCancelled() {
			return false;
		}

		@Override
		public void onCancel(Runnable callback) {
		}

	};

	private final JsonRpcRequest request;

	private final PipeHandlerMethod handler;

	private final PipeSession session;

	private final PipeCancellation cancellation;

	RequestContext(JsonRpcRequest request, PipeHandlerMethod handler, PipeSession session,
			@Nullable PipeCancellation cancellation) {
		this.request = request;
		this.handler = handler;
		this.session = session;
		this.cancellation = (cancellation != null) ? cancellation : NEVER_CANCELLED;
	}

	@Override
	public String method() {
		return this.request.method();
	}

	@Override
	public @Nullable JsonNode id() {
		return this.request.id();
	}

	@Override
	public @Nullable JsonNode params() {
		return this.request.params();
	}

	@Override
	public PipeHandlerMethod handler() {
		return this.handler;
	}

	@Override
	public PipeSession session() {
		return this.session;
	}

	@Override
	public PipeCancellation cancellation() {
		return this.cancellation;
	}

	JsonRpcRequest request() {
		return this.request;
	}

	@Override
	public String toString() {
		return "request '" + this.request.method() + "' (id " + this.request.id() + ") on session " + this.session.id();
	}

}
