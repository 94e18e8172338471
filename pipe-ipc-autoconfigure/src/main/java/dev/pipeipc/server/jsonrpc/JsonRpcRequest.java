package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A validated JSON-RPC 2.0 request object.
 *
 * @param id the id (a string, number or null node), or {@code null} for a notification
 * @param method the method name
 * @param params the params (an array or object), or {@code null} when absent
 */
record JsonRpcRequest(@Nullable JsonNode id, String method, @Nullable JsonNode params) {

	boolean isNotification() {
		return this.id == null;
	}

	/**
	 * Validate a request object as JSON-RPC 2.0 section 4 defines it.
	 * @throws InvalidRequestException with the id to answer with (null when it cannot be trusted)
	 */
	static JsonRpcRequest from(JsonNode node) {
		if (!node.isObject()) {
			throw new InvalidRequestException(null, "Request must be a JSON object");
		}
		JsonNode id = node.get("id");
		if (id != null && !(id.isString() || id.isNumber() || id.isNull())) {
			throw new InvalidRequestException(null, "Member 'id' must be a string, a number or null");
		}
		if (id != null && id.isFloatingPointNumber() && !Double.isFinite(id.doubleValue())) {
			// Beyond the range of a double the parser keeps no value to echo: it would go back as
			// "Infinity", which is not the client's id.
			throw new InvalidRequestException(null, "Member 'id' is a number beyond the range of a double: " + id);
		}
		JsonNode answerId = (id != null) ? id : null;
		JsonNode version = node.get("jsonrpc");
		if (version == null || !version.isString() || !"2.0".equals(version.stringValue())) {
			throw new InvalidRequestException(answerId, "Member 'jsonrpc' must be exactly \"2.0\"");
		}
		JsonNode method = node.get("method");
		if (method == null || !method.isString()) {
			throw new InvalidRequestException(answerId, "Member 'method' must be a string");
		}
		JsonNode params = node.get("params");
		if (params != null && !params.isArray() && !params.isObject()) {
			throw new InvalidRequestException(answerId, "Member 'params' must be an array or an object");
		}
		return new JsonRpcRequest(id, method.stringValue(), params);
	}

}
