package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A request object that is not valid JSON-RPC 2.0, answered with
 * {@value dev.pipeipc.jsonrpc.JsonRpcErrorCodes#INVALID_REQUEST}.
 */
final class InvalidRequestException extends RuntimeException {

	private final transient @Nullable JsonNode id;

	private final String reason;

	InvalidRequestException(@Nullable JsonNode id, String reason) {
		super(reason, null, false, false);
		this.id = id;
		this.reason = reason;
	}

	/**
	 * What is wrong with the request, for the error's data.
	 * @return a sentence naming the member at fault
	 */
	String getReason() {
		return this.reason;
	}

	@Nullable JsonNode getId() {
		return this.id;
	}

}
