package dev.pipeipc.jsonrpc;

import org.jspecify.annotations.Nullable;

/**
 * A JSON-RPC error object as it is sent: what an exception handler answers with instead of
 * throwing. Use codes outside -32768 to -32000 for application errors; that range is reserved by
 * JSON-RPC 2.0 (see {@link JsonRpcErrorCodes}).
 * <pre class="code">
 * &#64;PipeExceptionHandler
 * JsonRpcError notFound(OrderNotFoundException ex) {
 *     return new JsonRpcError(1001, "Order " + ex.getId() + " does not exist", Map.of("id", ex.getId()));
 * }
 * </pre>
 *
 * @param code the error code
 * @param message a short description for the client
 * @param data additional information, serialized with the application's JSON mapper, or
 * {@code null} for none
 */
public record JsonRpcError(int code, String message, @Nullable Object data) {

	/**
	 * Create an error without data.
	 * @param code the error code
	 * @param message a short description for the client
	 */
	public JsonRpcError(int code, String message) {
		this(code, message, null);
	}

	/**
	 * The error a {@link JsonRpcException} carries.
	 * @param ex the exception
	 * @return its code, message and data
	 */
	public static JsonRpcError of(JsonRpcException ex) {
		return new JsonRpcError(ex.getCode(), String.valueOf(ex.getMessage()), ex.getData());
	}

	/**
	 * An exception that carries this error, for code that answers by throwing.
	 * @return a new exception
	 */
	public JsonRpcException toException() {
		return new JsonRpcException(this.code, this.message, this.data);
	}

}
