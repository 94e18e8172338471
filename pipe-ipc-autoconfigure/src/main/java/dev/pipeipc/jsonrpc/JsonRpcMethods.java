package dev.pipeipc.jsonrpc;

/**
 * Method names with a meaning of their own in the protocol, shared by servers and clients.
 */
public final class JsonRpcMethods {

	/**
	 * Asks the other side to cancel a request still in progress: a notification whose params are
	 * {@code {"id": <the request's id>}}, as the Language Server Protocol defines it. The cancelled
	 * request is answered with {@value JsonRpcErrorCodes#REQUEST_CANCELLED}.
	 */
	public static final String CANCEL_REQUEST = "$/cancelRequest";

	/**
	 * Progress of a call still in progress, sent by the side that handles it: a notification whose
	 * params are {@code {"token": <the token the caller passed>, "value": <the progress>}}, as
	 * StreamJsonRpc and the Language Server Protocol define it. StreamJsonRpc also sends the
	 * positional form {@code [token, value]}, which clients accept too. See {@link PipeProgress}.
	 */
	public static final String PROGRESS = "$/progress";

	/**
	 * Pulls the next values of a stream a call answered with, in StreamJsonRpc's async-enumerable
	 * protocol: one argument, the stream's token ({@code [token]} or {@code {"token": token}}),
	 * answered {@code {"values": [...], "finished": bool}}.
	 */
	public static final String ENUMERATOR_NEXT = "$/enumerator/next";

	/**
	 * Releases a stream before it finished, in StreamJsonRpc's async-enumerable protocol: one
	 * argument, the stream's token; usually a notification.
	 */
	public static final String ENUMERATOR_ABORT = "$/enumerator/abort";

	private JsonRpcMethods() {
	}

}
