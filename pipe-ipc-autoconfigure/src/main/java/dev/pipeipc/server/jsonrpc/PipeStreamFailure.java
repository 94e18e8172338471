package dev.pipeipc.server.jsonrpc;

import java.util.Objects;

/**
 * A streaming handler failed after its first answer: the pending {@code $/enumerator/next} is
 * answered with the error its exception resolves to, as if the handler's own request had failed.
 */
public final class PipeStreamFailure extends RuntimeException {

	private final transient PipeRequestContext request;

	/**
	 * Create the failure.
	 * @param request the request whose handler returned the stream
	 * @param cause what the stream failed with
	 */
	public PipeStreamFailure(PipeRequestContext request, Throwable cause) {
		super("The stream of " + request.handler().describe() + " failed", Objects.requireNonNull(cause), false,
				false);
		this.request = request;
	}

	/**
	 * The request whose handler returned the stream, for the exception resolvers.
	 * @return the request
	 */
	public PipeRequestContext request() {
		return this.request;
	}

	@Override
	public synchronized Throwable getCause() {
		return Objects.requireNonNull(super.getCause());
	}

}
