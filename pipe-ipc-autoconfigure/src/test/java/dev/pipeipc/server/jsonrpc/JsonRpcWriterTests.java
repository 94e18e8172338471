package dev.pipeipc.server.jsonrpc;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.pipeipc.jsonrpc.LongStringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonRpcWriter}: a long string result, which it copies in as bytes, comes out as the
 * mapper writes it, as every other result does.
 */
class JsonRpcWriterTests {

	private static final String LONG = "a/b".repeat(LongStringWriter.MIN_LENGTH);

	@Test
	void longStringResultIsWrittenAsTheMapperWritesIt() {
		for (JsonMapper mapper : List.of(JsonMapper.builder().build(),
				JsonMapper.builder().disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build())) {
			JsonRpcWriter writer = new JsonRpcWriter(mapper);
			for (String result : List.of(LONG, LONG + "\"", LONG + "\u00e9", LONG + "?\u0100", LONG + "\u0100?", "short")) {
				String expected = "{\"jsonrpc\":\"2.0\",\"id\":\"seven\",\"result\":" + mapper.writeValueAsString(result)
						+ "}";
				assertThat(new String(writer.result(JsonNodeFactory.instance.stringNode("seven"), result),
						StandardCharsets.UTF_8))
					.isEqualTo(expected);
			}
		}
	}

	@Test
	void longStringResultIsSizedOnceAndNotCopiedAtTheEnd() {
		JsonRpcWriter writer = new JsonRpcWriter(JsonMapper.builder().build());
		for (JsonNode id : List.of(JsonNodeFactory.instance.stringNode("seven"), JsonNodeFactory.instance.numberNode(7),
				JsonNodeFactory.instance.numberNode(Long.MAX_VALUE))) {
			ReplyBuffer out = new ReplyBuffer();
			String plain = "tea ".repeat(LongStringWriter.MIN_LENGTH);
			byte[] reply = writer.result(id, plain, out);
			assertThat(out.copiesSinceReserve()).as("copies of the reply to %s", id).isZero();
			assertThat(new String(reply, StandardCharsets.US_ASCII))
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"" + plain + "\"}");
		}
	}

	@Test
	void replyBufferGrowsAsWrittenAndIsExactWhenReserved() {
		ReplyBuffer buffer = new ReplyBuffer();
		byte[] chunk = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
		buffer.write(chunk, 0, chunk.length);
		buffer.write(chunk, 0, chunk.length);
		buffer.reserve(1000 + 1);
		buffer.write(new byte[1000], 0, 1000);
		buffer.write('}');
		byte[] bytes = buffer.toByteArray();
		assertThat(bytes).hasSize(1201);
		assertThat(bytes[0]).isEqualTo((byte) 'x');
		assertThat(bytes[199]).isEqualTo((byte) 'x');
		assertThat(bytes[1200]).isEqualTo((byte) '}');
	}

}
