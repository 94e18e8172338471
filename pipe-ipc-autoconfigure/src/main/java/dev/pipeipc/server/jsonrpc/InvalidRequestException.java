package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A request object that is not valid JSON-RPC 2.0, answered with
 * {@value JsonRpcErrorCodes#INVALID_REQUEST}.
 */
final class InvalidRequestException extends RuntimeException {

	private final transient @Nullable JsonNode id;

	InvalidRequestException(@Nullable JsonNode id, String message) {
		super(message, null, false, false);
		this.id = id;
	}

	@Nullable JsonNode getId() {
		return this.id;
	}

}
