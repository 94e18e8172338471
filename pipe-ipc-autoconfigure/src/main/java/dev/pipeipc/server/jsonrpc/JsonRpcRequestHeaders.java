package dev.pipeipc.server.jsonrpc;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads what a request carries besides its params, such as W3C trace context
 * ({@code traceparent}, {@code tracestate}), from either place clients put it:
 * <pre>
 * {"jsonrpc":"2.0","id":1,"method":"m","params":[],"traceparent":"00-...-01"}           StreamJsonRpc
 * {"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"traceparent":"00-...-01"}}}   MCP
 * </pre>
 * A top-level member wins over one in {@code params._meta}. Only string values count.
 */
final class JsonRpcRequestHeaders implements Function<String, @Nullable String> {

	/** The params member MCP keeps request metadata in; never bound to a handler parameter of another name. */
	static final String META = "_meta";

	private final JsonNode request;

	JsonRpcRequestHeaders(JsonNode request) {
		this.request = request;
	}

	@Override
	public @Nullable String apply(String name) {
		String value = stringMember(this.request, name);
		if (value != null) {
			return value;
		}
		JsonNode params = this.request.get("params");
		JsonNode meta = (params != null && params.isObject()) ? params.get(META) : null;
		return (meta != null && meta.isObject()) ? stringMember(meta, name) : null;
	}

	private static @Nullable String stringMember(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

}
