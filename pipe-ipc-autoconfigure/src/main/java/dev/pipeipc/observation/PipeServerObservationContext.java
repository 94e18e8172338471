package dev.pipeipc.observation;

import io.micrometer.observation.transport.RequestReplyReceiverContext;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.server.ObservedRequest;
import dev.pipeipc.server.PipeServerRequest;

/**
 * The context of a request a pipe server handles. The request is the carrier: trace context is
 * read from its top-level {@code traceparent}/{@code tracestate} members, or from
 * {@code params._meta}, so a server span continues the trace of the client that called.
 */
public class PipeServerObservationContext extends RequestReplyReceiverContext<PipeServerRequest, Object> {

	private final PipeServerRequest request;

	private int statusCode = ObservedRequest.NO_RESPONSE;

	/**
	 * Create the context of one request.
	 * @param request the request, which is also the carrier of its trace context
	 */
	public PipeServerObservationContext(PipeServerRequest request) {
		super(PipeServerRequest::header);
		this.request = request;
		setCarrier(request);
	}

	/**
	 * The request.
	 * @return the request
	 */
	public PipeServerRequest getRequest() {
		return this.request;
	}

	/**
	 * The status of the response sent.
	 * @return {@code 0}, a JSON-RPC error code, or {@code null} if no response was sent (yet)
	 */
	public @Nullable Integer getStatusCode() {
		return (this.statusCode != ObservedRequest.NO_RESPONSE) ? this.statusCode : null;
	}

	/**
	 * Set the status of the response sent.
	 * @param statusCode {@code 0}, a JSON-RPC error code, or {@link ObservedRequest#NO_RESPONSE}
	 */
	public void setStatusCode(int statusCode) {
		this.statusCode = statusCode;
	}

}
