package dev.pipeipc.server.jsonrpc;

import java.util.ArrayList;
import java.util.List;

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

	private @Nullable List<ProgressReporter> progress;

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

	/**
	 * Tie a progress reporter to this request: it is discarded when the request is cancelled, and
	 * finished when it is answered.
	 * @param reporter the reporter of one {@code PipeProgress} parameter
	 * @return the reporter
	 */
	ProgressReporter progress(ProgressReporter reporter) {
		synchronized (this) {
			if (this.progress == null) {
				this.progress = new ArrayList<>(1);
			}
			this.progress.add(reporter);
		}
		this.cancellation.onCancel(reporter::discard);
		if (this.cancellation instanceof InFlightRequests.Call call) {
			call.beforeEarlyAnswer(reporter::finish);
		}
		return reporter;
	}

	/**
	 * Whether a handler parameter reports progress on this request.
	 * @return {@code true} once a reporter is tied to it
	 */
	synchronized boolean hasProgress() {
		return this.progress != null;
	}

	/**
	 * The request is being answered: send what its reporters kept and stop them, so that no
	 * progress follows the response.
	 * @param response the response, passed through
	 * @return the response
	 */
	@Nullable ResponseBody finishProgress(@Nullable ResponseBody response) {
		List<ProgressReporter> reporters;
		synchronized (this) {
			reporters = (this.progress != null) ? List.copyOf(this.progress) : List.of();
		}
		reporters.forEach(ProgressReporter::finish);
		return response;
	}

	@Override
	public String toString() {
		return "request '" + this.request.method() + "' (id " + this.request.id() + ") on session " + this.session.id();
	}

}
