package dev.pipeipc.client;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcMethods;

/**
 * Turns calls, notifications and cancels into framed JSON-RPC 2.0 requests:
 * <pre>
 * {"jsonrpc":"2.0","id":7,"method":"orders.get","params":[42]}    a call
 * {"jsonrpc":"2.0","method":"audit.record","params":["login"]}     a notification: no id
 * {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7}}  a cancel
 * </pre>
 * Params are sent as they serialize: a collection or array by position, a map or an object by
 * name, a single scalar wrapped in an array, {@code null} as no {@code params} member at all.
 */
final class RequestEncoder {

	private final String pipeName;

	private final ObjectMapper mapper;

	private final Framing framing;

	private final int maxMessageSize;

	RequestEncoder(String pipeName, ObjectMapper mapper, Framing framing, int maxMessageSize) {
		this.pipeName = pipeName;
		this.mapper = mapper;
		this.framing = framing;
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * A framed call.
	 * @param id the call's id
	 * @param method the method name
	 * @param params the params, or {@code null}
	 * @return the frame
	 * @throws PipeClientException if the request is over the maximum message size
	 */
	ByteBuffer[] call(long id, String method, @Nullable Object params) {
		return frame(request(id, method, params));
	}

	/**
	 * A framed notification.
	 * @param method the method name
	 * @param params the params, or {@code null}
	 * @return the frame
	 */
	ByteBuffer[] notification(String method, @Nullable Object params) {
		return frame(request(null, method, params));
	}

	/**
	 * A framed {@code $/cancelRequest} for a call.
	 * @param id the call's id
	 * @return the frame
	 */
	ByteBuffer[] cancel(long id) {
		ObjectNode params = this.mapper.createObjectNode();
		params.put("id", id);
		return frame(request(null, JsonRpcMethods.CANCEL_REQUEST, params));
	}

	/**
	 * A framed batch.
	 * @param requests the requests, from {@link #request}
	 * @return the frame
	 */
	ByteBuffer[] batch(ArrayNode requests) {
		return frame(requests);
	}

	/**
	 * An empty batch to add {@link #request}s to.
	 * @return the array
	 */
	ArrayNode newBatch() {
		return this.mapper.createArrayNode();
	}

	/**
	 * One request object.
	 * @param id the id, or {@code null} for a notification
	 * @param method the method name
	 * @param params the params, or {@code null}
	 * @return the request
	 */
	ObjectNode request(@Nullable Long id, String method, @Nullable Object params) {
		ObjectNode request = this.mapper.createObjectNode();
		request.put("jsonrpc", "2.0");
		if (id != null) {
			request.put("id", id);
		}
		request.put("method", method);
		if (params != null) {
			request.set("params", params(params));
		}
		return request;
	}

	private JsonNode params(Object params) {
		if (params instanceof JsonNode node) {
			return node;
		}
		JsonNode node = this.mapper.valueToTree(params);
		if (node.isArray() || node.isObject()) {
			return node;
		}
		ArrayNode single = this.mapper.createArrayNode();
		single.add(node);
		return single;
	}

	private ByteBuffer[] frame(JsonNode message) {
		byte[] body = this.mapper.writeValueAsBytes(message);
		if (body.length > this.maxMessageSize) {
			throw new PipeClientException("Request of " + body.length + " bytes to pipe '" + this.pipeName
					+ "' exceeds the maximum message size of " + this.maxMessageSize + " bytes");
		}
		return this.framing.encode(body);
	}

}
