package dev.pipeipc.jsonrpc;

/**
 * Error codes defined by JSON-RPC 2.0, plus the server errors (from the range the specification
 * reserves for implementations) that this server sends.
 */
public final class JsonRpcErrorCodes {

	/** Invalid JSON was received. */
	public static final int PARSE_ERROR = -32700;

	/** The JSON sent is not a valid request object. */
	public static final int INVALID_REQUEST = -32600;

	/** The method does not exist on this server. */
	public static final int METHOD_NOT_FOUND = -32601;

	/** Invalid method parameters. */
	public static final int INVALID_PARAMS = -32602;

	/** Internal JSON-RPC error: the handler failed. */
	public static final int INTERNAL_ERROR = -32603;

	/** The request was cancelled by the client ({@code $/cancelRequest}), as LSP defines it. */
	public static final int REQUEST_CANCELLED = -32800;

	/** The server refuses the connection or request: it is at its connection limit or stopping. */
	public static final int SERVER_UNAVAILABLE = -32000;

	/**
	 * The server cancelled the request: its handler ran past its timeout and was interrupted. The
	 * code of LSP's {@code ServerCancelled}, beside {@link #REQUEST_CANCELLED}; the implementation
	 * range from -32001 is left alone, since StreamJsonRpc gives its codes there.
	 */
	public static final int REQUEST_TIMED_OUT = -32802;

	/**
	 * The caller may not call this method: an authorization check (such as Spring Security's
	 * {@code @PreAuthorize}) refused it before the handler ran. In the range JSON-RPC leaves to
	 * implementations, clear of the codes other libraries give there: StreamJsonRpc's -32000 to
	 * -32004 (-32003 is its {@code ResponseSerializationFailure}, which a .NET client would report
	 * instead) and LSP's -32001 and -32002.
	 */
	public static final int ACCESS_DENIED = -32010;

	private JsonRpcErrorCodes() {
	}

}
