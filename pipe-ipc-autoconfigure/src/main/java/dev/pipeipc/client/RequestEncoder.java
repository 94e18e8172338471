package dev.pipeipc.client;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcMethods;
import dev.pipeipc.jsonrpc.LongStringWriter;

/**
 * Turns calls, notifications and cancels into framed JSON-RPC 2.0 requests:
 * <pre>
 * {"jsonrpc":"2.0","id":7,"method":"orders.get","params":[42]}    a call
 * {"jsonrpc":"2.0","method":"audit.record","params":["login"]}     a notification: no id
 * {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7}}  a cancel
 * </pre>
 * A call or notification that is observed may carry members of its own after the params, W3C
 * trace context as StreamJsonRpc writes it: {@code "traceparent":"00-...-01","tracestate":"..."}.
 * Params are sent as they serialize: a collection or array by position, a map or an object by
 * name, a single scalar wrapped in an array, {@code null} as no {@code params} member at all.
 * <p>
 * A call, a notification and a cancel are written with a {@link JsonGenerator} into a buffer the
 * calling thread reuses, with no tree in between; only params whose shape (scalar or structure)
 * is not known from their type go through a tree first. Batches are built as trees. The thread
 * keeps its generator too, writing one request after another as root values without a separator
 * (as Jackson's {@code SequenceWriter} does), since making a generator costs a call as much as
 * writing a small request; the params are serialized with a serialization context of their own
 * each time, so that nothing a serializer remembers (object ids, attributes) carries over from
 * one request to the next. Requests are never indented, as the server's responses are not:
 * indentation would break newline framing and only costs bytes.
 */
final class RequestEncoder {

	private final String pipeName;

	private final ObjectMapper mapper;

	private final Framing framing;

	private final int maxMessageSize;

	private final LongStringWriter longStrings;

	/** Makes the generators threads keep. */
	private final ObjectWriter generators;

	RequestEncoder(String pipeName, ObjectMapper mapper, Framing framing, int maxMessageSize) {
		this.pipeName = pipeName;
		this.mapper = mapper;
		this.longStrings = new LongStringWriter(mapper, mapper.writer());
		this.generators = mapper.writer()
			.without(SerializationFeature.INDENT_OUTPUT)
			.withRootValueSeparator((String) null);
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
		return write(id, method, params, Map.of());
	}

	/**
	 * A framed call with members of its own at the top level, such as trace context.
	 * @param id the call's id
	 * @param method the method name
	 * @param params the params, or {@code null}
	 * @param members written after the params, in order
	 * @return the frame
	 * @throws PipeClientException if the request is over the maximum message size
	 */
	ByteBuffer[] call(long id, String method, @Nullable Object params, Map<String, String> members) {
		return write(id, method, params, members);
	}

	/**
	 * A framed notification.
	 * @param method the method name
	 * @param params the params, or {@code null}
	 * @return the frame
	 */
	ByteBuffer[] notification(String method, @Nullable Object params) {
		return write(null, method, params, Map.of());
	}

	/**
	 * A framed notification with members of its own at the top level, such as trace context.
	 * @param method the method name
	 * @param params the params, or {@code null}
	 * @param members written after the params, in order
	 * @return the frame
	 */
	ByteBuffer[] notification(String method, @Nullable Object params, Map<String, String> members) {
		return write(null, method, params, members);
	}

	/**
	 * A framed {@code $/cancelRequest} for a call.
	 * @param id the call's id
	 * @return the frame
	 */
	ByteBuffer[] cancel(long id) {
		return write(null, JsonRpcMethods.CANCEL_REQUEST, Map.of("id", id), Map.of());
	}

	/**
	 * A framed batch.
	 * @param requests the requests, from {@link #request}
	 * @return the frame
	 */
	ByteBuffer[] batch(ArrayNode requests) {
		return frame(this.mapper.writeValueAsBytes(requests));
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
		return request(id, method, params, Map.of());
	}

	/**
	 * One request object with members of its own at the top level, such as trace context.
	 * @param id the id, or {@code null} for a notification
	 * @param method the method name
	 * @param params the params, or {@code null}
	 * @param members added after the params, in order
	 * @return the request
	 */
	ObjectNode request(@Nullable Long id, String method, @Nullable Object params, Map<String, String> members) {
		ObjectNode request = this.mapper.createObjectNode();
		request.put("jsonrpc", "2.0");
		if (id != null) {
			request.put("id", id);
		}
		request.put("method", method);
		if (params != null) {
			request.set("params", params(params));
		}
		members.forEach(request::put);
		return request;
	}

	/**
	 * Write and frame a request. A long string param, alone or as the only element of an array or
	 * list, is taken as bytes, not through a tree and a character at a time, and framed between
	 * the two halves of the request written around an empty string: it is not copied into the
	 * request's buffer, which would grow to its size a doubling at a time and be copied again.
	 */
	private ByteBuffer[] write(@Nullable Long id, String method, @Nullable Object params, Map<String, String> members) {
		byte[] longString = (params != null) ? this.longStrings.plainBytes(onlyParam(params)) : null;
		Object structured = (params != null && longString == null) ? structured(params) : null;
		RequestBuffer buffer = RequestBuffer.forThisThread();
		try {
			JsonGenerator generator = buffer.generator(this, this.generators);
			int hole = -1;
			boolean written = false;
			try {
				generator.writeStartObject();
				generator.writeStringProperty("jsonrpc", "2.0");
				if (id != null) {
					generator.writeNumberProperty("id", id);
				}
				generator.writeStringProperty("method", method);
				if (structured != null) {
					generator.writeName("params");
					this.mapper._serializationContext().writeValue(generator, structured);
				}
				else if (longString != null) {
					generator.writeArrayPropertyStart("params");
					generator.flush();
					// The string goes after the opening quote of the empty one written here.
					hole = buffer.size() + 1;
					generator.writeRawUTF8String(longString, 0, 0);
					generator.writeEndArray();
				}
				if (!members.isEmpty()) {
					for (Map.Entry<String, String> member : members.entrySet()) {
						generator.writeStringProperty(member.getKey(), member.getValue());
					}
				}
				generator.writeEndObject();
				buffer.finish(generator);
				written = true;
			}
			finally {
				if (!written) {
					// Half a request may be in it: the next one starts afresh.
					buffer.discard(generator);
				}
			}
			if (hole < 0 || longString == null) {
				return frame(buffer.toByteArray());
			}
			return frame(new byte[][] { buffer.before(hole), longString, buffer.from(hole) });
		}
		finally {
			buffer.release();
		}
	}

	/**
	 * The one element of params given as an array, list or JSON array of one (which the mapper writes as the
	 * array {@link #write} writes around a long string), else the params themselves.
	 */
	private static Object onlyParam(Object params) {
		if (params instanceof Object[] array && array.length == 1 && array[0] != null) {
			return array[0];
		}
		if (params instanceof List<?> list && list.size() == 1 && list.get(0) != null) {
			return list.get(0);
		}
		if (params instanceof ArrayNode array && array.size() == 1 && array.get(0).isString()) {
			return array.get(0).stringValue();
		}
		return params;
	}

	/**
	 * The params as they go on the wire: as given when their type says they serialize as an array
	 * or an object, else through a tree, which shows their shape.
	 */
	private Object structured(Object params) {
		if (params instanceof Collection<?> || params instanceof Map<?, ?> || params instanceof JsonNode
				|| params instanceof Object[]) {
			return params;
		}
		return params(params);
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

	private ByteBuffer[] frame(byte[][] parts) {
		long length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		checkSize(length);
		return this.framing.encode(parts);
	}

	private ByteBuffer[] frame(byte[] body) {
		checkSize(body.length);
		return this.framing.encode(body);
	}

	private void checkSize(long length) {
		if (length > this.maxMessageSize) {
			throw new PipeClientException("Request of " + length + " bytes to pipe '" + this.pipeName
					+ "' exceeds the maximum message size of " + this.maxMessageSize + " bytes");
		}
	}

}
