package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;

import dev.pipeipc.jsonrpc.LongStringWriter;

/**
 * Writes response objects. The envelope ({@code jsonrpc}, {@code id}, {@code result} or
 * {@code error}) is written member by member so the application's mapper settings (property
 * inclusion, naming strategies) can never drop or rename a member the protocol requires, while
 * results and error data are serialized with that mapper.
 * <p>
 * A result that is a long string of plain ASCII is taken as bytes ({@link LongStringWriter}): the
 * envelope is written around an empty string and split there ({@link ReplyBuffer#around}), and
 * the three parts are sent one after another: the same bytes the mapper writes, without looking
 * at each character and without copying the string into a reply-sized array.
 */
final class JsonRpcWriter {

	private final ObjectWriter writer;

	private final LongStringWriter longStrings;

	JsonRpcWriter(ObjectMapper mapper) {
		// One message per frame: indentation would break newline framing and only costs bytes.
		this.writer = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
		this.longStrings = new LongStringWriter(mapper, this.writer);
	}

	ResponseBody result(@Nullable JsonNode id, @Nullable Object value) {
		return result(id, value, new ReplyBuffer());
	}

	ResponseBody result(@Nullable JsonNode id, @Nullable Object value, ReplyBuffer out) {
		byte[] plain = (value != null) ? this.longStrings.plainBytes(value) : null;
		try (JsonGenerator generator = this.writer.createGenerator(out)) {
			start(generator, id);
			generator.writeName("result");
			if (value == null) {
				generator.writeNull();
			}
			else if (plain != null) {
				// An empty string, which the long one is put into when the envelope is done.
				generator.writeRawUTF8String(plain, 0, 0);
			}
			else {
				generator.writePOJO(value);
			}
			generator.writeEndObject();
		}
		return (plain != null) ? out.around(plain) : ResponseBody.whole(out.toByteArray());
	}

	byte[] error(@Nullable JsonNode id, int code, String message, @Nullable Object data) {
		ReplyBuffer out = new ReplyBuffer();
		try (JsonGenerator generator = this.writer.createGenerator(out)) {
			start(generator, id);
			generator.writeName("error");
			generator.writeStartObject();
			generator.writeNumberProperty("code", code);
			generator.writeStringProperty("message", message);
			if (data != null) {
				generator.writeName("data");
				generator.writePOJO(data);
			}
			generator.writeEndObject();
			generator.writeEndObject();
		}
		catch (RuntimeException ex) {
			if (data == null) {
				throw ex;
			}
			return error(id, code, message, null);
		}
		return out.toByteArray();
	}

	byte[] notification(String method, @Nullable Object params) {
		ReplyBuffer out = new ReplyBuffer();
		try (JsonGenerator generator = this.writer.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("jsonrpc", "2.0");
			generator.writeStringProperty("method", method);
			if (params != null) {
				generator.writeName("params");
				generator.writePOJO(params);
			}
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void start(JsonGenerator generator, @Nullable JsonNode id) {
		generator.writeStartObject();
		generator.writeStringProperty("jsonrpc", "2.0");
		generator.writeName("id");
		if (id == null) {
			generator.writeNull();
		}
		else {
			generator.writeTree(id);
		}
	}

}
