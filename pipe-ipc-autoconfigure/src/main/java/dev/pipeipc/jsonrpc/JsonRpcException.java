package dev.pipeipc.jsonrpc;

import org.jspecify.annotations.Nullable;

/**
 * A JSON-RPC error a handler answers with on purpose: the code, message and optional data are sent
 * to the client as they are. Use codes outside -32768 to -32000 for application errors; that range
 * is reserved by JSON-RPC 2.0 (see {@link JsonRpcErrorCodes}).
 * <pre class="code">
 * throw new JsonRpcException(1001, "Order 42 does not exist", Map.of("id", 42));
 * </pre>
 * Any other exception a handler throws becomes an {@code Internal error} whose message does not
 * reveal the exception.
 */
public class JsonRpcException extends RuntimeException {

	private final int code;

	private final transient @Nullable Object data;

	/**
	 * Create an error without data.
	 * @param code the JSON-RPC error code
	 * @param message a short description for the client
	 */
	public JsonRpcException(int code, String message) {
		this(code, message, null);
	}

	/**
	 * Create an error.
	 * @param code the JSON-RPC error code
	 * @param message a short description for the client
	 * @param data additional information, serialized with the application's JSON mapper
	 */
	public JsonRpcException(int code, String message, @Nullable Object data) {
		super(message);
		this.code = code;
		this.data = data;
	}

	/**
	 * The JSON-RPC error code.
	 * @return the code
	 */
	public int getCode() {
		return this.code;
	}

	/**
	 * The error's data member.
	 * @return the data, or {@code null} for none
	 */
	public @Nullable Object getData() {
		return this.data;
	}

}
