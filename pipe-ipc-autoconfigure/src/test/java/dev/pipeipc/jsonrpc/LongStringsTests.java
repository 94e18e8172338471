package dev.pipeipc.jsonrpc;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link JsonTreeReader} on messages with long strings, which it takes out before parsing
 * ({@link LongStrings}): every message reads as the mapper reads it, or is refused with the
 * mapper's own message, whether its long strings were taken out or not. In the templates below,
 * {@code L} stands for a long plain string.
 */
class LongStringsTests {

	private static final String LONG = plain(LongStrings.MIN_LENGTH);

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final JsonTreeReader reader = new JsonTreeReader(this.mapper, JsonReadLimits.DEFAULTS);

	private static String plain(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			char c = (char) (' ' + (i % 95));
			text.append((c == '"' || c == '\\') ? '_' : c);
		}
		return text.toString();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"L\"]}",
			"{\"jsonrpc\":\"2.0\",\"id\":\"L\",\"method\":\"echo\",\"params\":{\"text\":\"L\",\"more\":[\"L\",1,\"L\"]}}",
			"\"L\"", "[\"L\" , \"L\"\n,{\"a\" : \"L\"}]", "{\"L\":1}", "{\"L\" \r\n\t: \"L\"}",
			"[\"L\",\"\\u0000\"]", "[\"\\u00000\",\"L\"]", "[\"L\\n\"]", "[\"\\tL\"]", "[\"L\u00e9\",\"L\"]",
			"[\"L\u2028\"]", "[\"L/\"]", "[\"L\",\"L\"] [\"L\"]", "{\"a\":\"L\",\"a\":\"x\"}", "[\"L\"", "[\"L",
			"[\"L\",]", "[\"L\" \"L\"]", "{\"a\":\"L\"}}", "[\"L\",\"", "[\"L\",\"\\", "L", "[L]", "[\"L\",\"L\"\u0001]" })
	void messageReadsAsTheMapperReadsIt(String template) {
		byte[] message = template.replace("L", LONG).getBytes(StandardCharsets.UTF_8);
		assertThat(outcome(() -> this.reader.read(message))).isEqualTo(outcome(() -> this.mapper.readTree(message)));
	}

	@Test
	void longStringValueComesBackEqualToTheOneSent() {
		String text = plain(1 << 20);
		JsonNode root = this.reader.read(("{\"params\":[\"" + text + "\"]}").getBytes(StandardCharsets.US_ASCII));
		assertThat(root.get("params").get(0).stringValue()).isEqualTo(text);
	}

	@Test
	void manyLongStringsAreAllRead() {
		StringBuilder json = new StringBuilder("[");
		for (int i = 0; i < 100; i++) {
			json.append((i > 0) ? "," : "").append("\"").append(i).append(LONG).append("\"");
		}
		byte[] message = json.append("]").toString().getBytes(StandardCharsets.US_ASCII);
		assertThat(this.reader.read(message)).isEqualTo(this.mapper.readTree(message));
	}

	@Test
	void longStringOverTheLimitIsRefusedNamingTheLimit() {
		JsonTreeReader limited = new JsonTreeReader(this.mapper,
				new JsonReadLimits(10, 10, LongStrings.MIN_LENGTH, 10));
		assertThat(limited.read(("[\"" + LONG + "\"]").getBytes(StandardCharsets.US_ASCII)).get(0).stringValue())
			.isEqualTo(LONG);
		assertThatExceptionOfType(StreamConstraintsException.class)
			.isThrownBy(() -> limited.read(("[\"" + LONG + "x\"]").getBytes(StandardCharsets.US_ASCII)))
			.withMessageContaining("String value length (" + (LongStrings.MIN_LENGTH + 1) + ") exceeds the maximum allowed ("
					+ LongStrings.MIN_LENGTH);
	}

	@Test
	void messageWithAnErrorIsRefusedWithTheMessageOfTheMessageAsSent() {
		byte[] message = ("[\"" + LONG + "\", tru]").getBytes(StandardCharsets.US_ASCII);
		assertThat(outcome(() -> this.reader.read(message))).isEqualTo(outcome(() -> this.mapper.readTree(message)))
			.startsWith("refused");
	}

	@Test
	void shortMessagesAndMessagesWithoutLongStringsAreParsedAsTheyAre() {
		assertThat(LongStrings.extract("[\"abc\"]".getBytes(StandardCharsets.US_ASCII), Integer.MAX_VALUE)).isNull();
		byte[] noLongString = ("[\"" + LONG.substring(1) + "\",1]").getBytes(StandardCharsets.US_ASCII);
		assertThat(LongStrings.extract(noLongString, Integer.MAX_VALUE)).isNull();
		assertThat(this.reader.readIfHoldingLongString(noLongString)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "[\"L\"]", "{\"L\":1}", "[\"L\\n\"]", "{\"a\":\"L\",\"L\":2}", "[\"\\u0000\",\"L\"]",
			"[1,\"short\",{\"x\":\"L\"}]" })
	void aMessageIsReadAsHoldingALongStringExactlyWhenOneIsTakenOut(String template) {
		byte[] message = template.replace("L", LONG).getBytes(StandardCharsets.US_ASCII);
		boolean extracted = LongStrings.extract(message, Integer.MAX_VALUE) != null;
		assertThat(this.reader.readIfHoldingLongString(message) != null).isEqualTo(extracted);
	}

	private static String outcome(Reading reading) {
		try {
			return "read " + reading.read();
		}
		catch (JacksonException ex) {
			return "refused " + ex.getClass().getSimpleName() + ": " + ex.getOriginalMessage();
		}
	}

	@FunctionalInterface
	private interface Reading {

		JsonNode read();

	}

}
