package dev.pipeipc.server.jsonrpc.stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.jsonrpc.JsonRpcMethods;

/**
 * The control methods of StreamJsonRpc's async-enumerable protocol, as its
 * {@code MessageFormatterEnumerableTracker} names and reads them. Their one argument is the token,
 * positional ({@code [token]}, what StreamJsonRpc's own client sends) or named
 * ({@code {"token": token}}).
 */
public final class EnumeratorMethods {

	/** The client asks for more values: answered {@code {"values": [...], "finished": bool}}. */
	public static final String NEXT = JsonRpcMethods.ENUMERATOR_NEXT;

	/** The client stops a stream early; usually a notification. */
	public static final String ABORT = JsonRpcMethods.ENUMERATOR_ABORT;

	/**
	 * No stream has this token (it ended, was aborted, or never existed): StreamJsonRpc's
	 * {@code NoMarshaledObjectFound}.
	 */
	public static final int UNKNOWN_TOKEN = -32001;

	private EnumeratorMethods() {
	}

	/**
	 * The token a control request names.
	 * @param method the control method, for the message
	 * @param params its params
	 * @return the token
	 * @throws JsonRpcException {@code -32602} when the params hold no token, {@value #UNKNOWN_TOKEN}
	 * when the token is not one this server hands out (a whole number)
	 */
	static long token(String method, @Nullable JsonNode params) {
		JsonNode token = null;
		if (params != null && params.isArray() && params.size() == 1) {
			token = params.get(0);
		}
		else if (params != null && params.isObject()) {
			token = params.get("token");
		}
		if (token == null || token.isNull()) {
			throw new JsonRpcException(JsonRpcErrorCodes.INVALID_PARAMS, "Method '" + method
					+ "' takes one argument, the stream's token: [token] or {\"token\": token}, but got " + params);
		}
		if (!token.isIntegralNumber() || !token.canConvertToLong()) {
			throw new JsonRpcException(UNKNOWN_TOKEN,
					"No open stream has token " + token + ": this server's tokens are whole numbers.");
		}
		return token.longValue();
	}

}
