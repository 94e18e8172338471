package dev.pipeipc.server.jsonrpc;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.pipeipc.jsonrpc.LongStringWriter;
import dev.pipeipc.server.RecordingReply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
				assertThat(new String(writer.result(JsonNodeFactory.instance.stringNode("seven"), result).toByteArray(),
						StandardCharsets.UTF_8))
					.isEqualTo(expected);
			}
		}
	}

	@Test
	void longStringResultIsSentBetweenTheEnvelopesHalves() {
		JsonRpcWriter writer = new JsonRpcWriter(JsonMapper.builder().build());
		for (JsonNode id : List.of(JsonNodeFactory.instance.stringNode("seven"), JsonNodeFactory.instance.numberNode(7),
				JsonNodeFactory.instance.numberNode(Long.MAX_VALUE))) {
			ReplyBuffer out = new ReplyBuffer();
			String plain = "tea ".repeat(LongStringWriter.MIN_LENGTH);
			ResponseBody reply = writer.result(id, plain, out);
			String expected = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"" + plain + "\"}";
			assertThat(reply.isInParts()).isTrue();
			assertThat(new String(reply.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(expected);
			RecordingReply recorded = new RecordingReply();
			reply.completeReply(recorded);
			assertThat(recorded.parts()).hasSize(3);
			assertThat(recorded.parts().get(1)).isEqualTo(plain.getBytes(StandardCharsets.US_ASCII));
			assertThat(recorded.body()).isEqualTo(expected);
		}
	}

	@Test
	void otherResultsAreSentWhole() {
		JsonRpcWriter writer = new JsonRpcWriter(JsonMapper.builder().build());
		ResponseBody reply = writer.result(JsonNodeFactory.instance.numberNode(7), "short");
		assertThat(reply.isInParts()).isFalse();
		RecordingReply recorded = new RecordingReply();
		reply.completeReply(recorded);
		assertThat(recorded.parts()).isEmpty();
		assertThat(recorded.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"short\"}");
	}

	@Test
	void replyBufferGrowsAsWrittenAndSplitsAtTheLastEmptyString() {
		ReplyBuffer buffer = new ReplyBuffer();
		byte[] chunk = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
		buffer.write(chunk, 0, chunk.length);
		buffer.write(chunk, 0, chunk.length);
		byte[] bytes = buffer.toByteArray();
		assertThat(bytes).hasSize(200).containsOnly((byte) 'x');
		byte[] envelope = "{\"a\":\"\",\"b\":\"\"}".getBytes(StandardCharsets.US_ASCII);
		buffer.write(envelope, 0, envelope.length);
		assertThat(new String(buffer.around("tea".getBytes(StandardCharsets.US_ASCII)).toByteArray(),
				StandardCharsets.US_ASCII))
			.isEqualTo("x".repeat(200) + "{\"a\":\"\",\"b\":\"tea\"}");
	}

	@Test
	void replyWithoutAnEmptyStringCannotBeSplit() {
		ReplyBuffer buffer = new ReplyBuffer();
		buffer.write('1');
		assertThatIllegalStateException().isThrownBy(() -> buffer.around(new byte[1]));
	}

}
