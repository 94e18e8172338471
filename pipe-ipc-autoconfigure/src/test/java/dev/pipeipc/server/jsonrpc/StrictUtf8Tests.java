package dev.pipeipc.server.jsonrpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.server.FakeSession;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.RecordingReply;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies that are not well-formed UTF-8 are answered with a parse error before Jackson reads
 * them: Jackson itself would decode an overlong {@code C1 A1} as {@code a} and run the handler
 * that a byte-level filter thought it had kept out.
 */
class StrictUtf8Tests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Handlers handlers = new Handlers();

	private final PipeProtocol.SessionHandler handler = TestPipeServer
		.protocol(false, "utf8", false, this.handlers)
		.open(new FakeSession(1));

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			overlong 'a' in the method name      | {"jsonrpc":"2.0","id":1,"method":"\\xC1\\xA1dd","params":[1,2]}
			overlong 'e' in a member name        | {"jsonrpc":"2.0","id":1,"m\\xC1\\xA5thod":"add","params":[1,2]}
			code point above U+10FFFF            | {"jsonrpc":"2.0","id":1,"method":"add","params":["\\xF4\\x90\\x80\\x80"]}
			UTF-16 surrogate encoded in UTF-8    | {"jsonrpc":"2.0","id":1,"method":"add","params":["\\xED\\xA0\\x80"]}
			sequence cut short                   | {"jsonrpc":"2.0","id":1,"method":"add","params":["\\xE2\\x82"]}
			stray continuation byte              | {"jsonrpc":"2.0","id":1,"method":"add","params":["\\x80"]}
			""")
	void malformedUtf8IsAParseErrorAndRunsNoHandler(String description, String escaped) {
		RecordingReply reply = handle(bytes(escaped));
		JsonNode response = json.readTree(reply.body());
		assertThat(response.get("id").isNull()).isTrue();
		assertThat(response.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
		assertThat(response.at("/error/data/reason").asString()).contains("not valid UTF-8");
		assertThat(this.handlers.calls).isEmpty();
	}

	/**
	 * Long plain strings are taken out before the check, which then looks at the rest of the
	 * message only: a malformed sequence anywhere else, or inside a long string (which is then
	 * not plain), is still refused, with its offset in the message as it came.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			overlong 'a' in the method name      | {"jsonrpc":"2.0","id":1,"method":"\\xC1\\xA1dd","params":["LONG",1,2]}
			code point above U+10FFFF after it   | {"jsonrpc":"2.0","id":1,"method":"add","params":["LONG","\\xF4\\x90\\x80\\x80"]}
			stray continuation byte before it    | {"jsonrpc":"2.0","id":1,"method":"add","params":["\\x80","LONG"]}
			sequence cut short at its end        | {"jsonrpc":"2.0","id":1,"method":"add","params":["LONG\\xE2\\x82"]}
			surrogate in its middle              | {"jsonrpc":"2.0","id":1,"method":"add","params":["LONG\\xED\\xA0\\x80LONG"]}
			""")
	void malformedUtf8NextToALongStringIsAParseErrorAtItsOffset(String description, String escaped) {
		byte[] message = bytes(escaped.replace("LONG", "x".repeat(8192)));
		int offset = firstNonAscii(message);
		RecordingReply reply = handle(message);
		JsonNode response = json.readTree(reply.body());
		assertThat(response.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
		assertThat(response.at("/error/data/reason").asString()).contains("not valid UTF-8")
			.contains("at offset " + offset + " ");
		assertThat(this.handlers.calls).isEmpty();
	}

	private static int firstNonAscii(byte[] message) {
		for (int i = 0; i < message.length; i++) {
			if (message[i] < 0) {
				return i;
			}
		}
		throw new IllegalArgumentException("No byte above 0x7F");
	}

	@Test
	void wellFormedMultiByteTextIsServed() {
		RecordingReply reply = handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"grüße 😀\"]}"
			.getBytes(StandardCharsets.UTF_8));
		assertThat(json.readTree(reply.body()).get("result").asString()).isEqualTo("grüße 😀");
	}

	private RecordingReply handle(byte[] message) {
		RecordingReply reply = new RecordingReply();
		this.handler.handle(message, reply);
		return reply;
	}

	/** The text with each {@code \xHH} turned into that byte, the rest as ASCII. */
	private static byte[] bytes(String escaped) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < escaped.length(); i++) {
			char c = escaped.charAt(i);
			if (c == '\\' && i + 3 < escaped.length() && escaped.charAt(i + 1) == 'x') {
				out.write(Integer.parseInt(escaped.substring(i + 2, i + 4), 16));
				i += 3;
			}
			else {
				out.write(c);
			}
		}
		return out.toByteArray();
	}

	static class Handlers {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@PipeHandler("add")
		int add(int a, int b) {
			this.calls.add("add");
			return a + b;
		}

		@PipeHandler("echo")
		String echo(String text) {
			this.calls.add("echo");
			return text;
		}

	}

}
