package dev.pipeipc.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIdentityInfo;
import com.fasterxml.jackson.annotation.ObjectIdGenerators;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.ser.std.StdSerializer;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.TransportSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RequestEncoder}: the bytes of calls, notifications, cancels and batches.
 */
class RequestEncoderTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final RequestEncoder encoder = new RequestEncoder("orders", mapper, Framing.NEWLINE, 1024);

	private static String text(ByteBuffer[] frame) {
		return new String(TransportSupport.toArray(frame), StandardCharsets.UTF_8);
	}

	@Test
	void callHasVersionIdMethodAndPositionalParams() {
		assertThat(text(this.encoder.call(7, "orders.get", List.of(42, "open"))))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"orders.get\",\"params\":[42,\"open\"]}\n");
	}

	@Test
	void arrayParamsAreSentByPosition() {
		assertThat(text(this.encoder.call(1, "join", new String[] { "a", "b" }))).contains("\"params\":[\"a\",\"b\"]");
	}

	@Test
	void mapParamsAreSentAsAnObject() {
		assertThat(text(this.encoder.call(1, "orders.find", Map.of("item", "coffee"))))
			.contains("\"params\":{\"item\":\"coffee\"}");
	}

	@Test
	void recordParamsAreSentAsAnObjectOfItsComponents() {
		assertThat(text(this.encoder.call(1, "join", new Names("left", "right"))))
			.contains("\"params\":{\"first\":\"left\",\"second\":\"right\"}");
	}

	@Test
	void singleScalarParamIsWrappedInAnArray() {
		assertThat(text(this.encoder.call(1, "square", 7))).contains("\"params\":[7]");
	}

	@Test
	void jsonNodeParamsAreSentAsTheyAre() {
		assertThat(text(this.encoder.call(1, "raw", mapper.readTree("{\"x\":[1,2]}")))).contains("\"params\":{\"x\":[1,2]}");
	}

	@Test
	void nullParamsLeaveOutTheParamsMember() {
		assertThat(text(this.encoder.call(1, "status", null)))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}\n");
	}

	@Test
	void notificationHasNoId() {
		assertThat(text(this.encoder.notification("audit.record", List.of("login"))))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"audit.record\",\"params\":[\"login\"]}\n");
	}

	@Test
	void cancelIsACancelRequestNotificationWithTheCallsId() {
		assertThat(text(this.encoder.cancel(7)))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":7}}\n");
	}

	@Test
	void batchIsAnArrayOfItsRequests() {
		ArrayNode batch = this.encoder.newBatch();
		batch.add(this.encoder.request(1L, "add", List.of(1, 2)));
		batch.add(this.encoder.request(null, "audit.record", null));
		assertThat(text(this.encoder.batch(batch))).isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\","
				+ "\"params\":[1,2]},{\"jsonrpc\":\"2.0\",\"method\":\"audit.record\"}]\n");
	}

	@Test
	void framingIsApplied() {
		RequestEncoder contentLength = new RequestEncoder("orders", mapper, Framing.CONTENT_LENGTH, 1024);
		String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}";
		assertThat(text(contentLength.call(1, "status", null)))
			.isEqualTo("Content-Length: " + body.length() + "\r\n\r\n" + body);
	}

	@Test
	void requestOverTheMaximumMessageSizeIsRefusedNamingThePipeAndBothSizes() {
		assertThatExceptionOfType(PipeClientException.class)
			.isThrownBy(() -> this.encoder.call(1, "echo", List.of("x".repeat(2000))))
			.withMessageContaining("pipe 'orders'")
			.withMessageContaining("Request of 2054 bytes")
			.withMessageContaining("maximum message size of 1024 bytes");
	}

	@Test
	void framesOfOneThreadKeepTheirBytesWhenItsBufferIsReused() {
		RequestEncoder large = new RequestEncoder("orders", mapper, Framing.NEWLINE, 1024 * 1024);
		ByteBuffer[] first = large.call(1, "echo", List.of("x".repeat(100_000)));
		ByteBuffer[] second = large.call(2, "echo", List.of("short"));
		ByteBuffer[] third = large.call(3, "echo", List.of("y"));
		assertThat(text(first)).isEqualTo(
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"" + "x".repeat(100_000) + "\"]}\n");
		assertThat(text(second)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"echo\",\"params\":[\"short\"]}\n");
		assertThat(text(third)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"echo\",\"params\":[\"y\"]}\n");
	}

	@Test
	void longStringParamIsWrappedInAnArrayAsTheMapperWritesIt() {
		RequestEncoder large = new RequestEncoder("orders", mapper, Framing.NEWLINE, 1024 * 1024);
		for (String text : List.of("a/b ".repeat(50_000), "a\"b".repeat(50_000), "\u00e9".repeat(50_000))) {
			assertThat(text(large.call(4, "echo", text))).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"echo\",\"params\":"
					+ mapper.writeValueAsString(List.of(text)) + "}\n");
		}
	}

	@Test
	void longStringAsTheOnlyElementOfAnArrayOrListIsWrittenAsTheMapperWritesIt() {
		RequestEncoder large = new RequestEncoder("orders", mapper, Framing.NEWLINE, 1024 * 1024);
		for (String text : List.of("tea ".repeat(50_000), "a\"b".repeat(50_000), "\u00e9".repeat(50_000))) {
			for (Object params : List.of(new Object[] { text }, new String[] { text }, List.of(text),
					new Object[] { text, 1 }, List.of(text, text), mapper.createArrayNode().add(text),
					mapper.createArrayNode().add(text).add(2))) {
				assertThat(text(large.call(4, "echo", params)))
					.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"echo\",\"params\":" + mapper.writeValueAsString(params)
							+ "}\n");
			}
		}
	}

	@Test
	void longStringParamIsFramedBetweenTheRequestsHalvesWithTheWholeLengthInTheHeader() {
		RequestEncoder large = new RequestEncoder("orders", mapper, Framing.CONTENT_LENGTH, 1024 * 1024);
		String text = "plain text ".repeat(10_000);
		ByteBuffer[] frame = large.call(5, "echo", List.of(text));
		String body = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":[\"" + text + "\"]}";
		assertThat(frame).hasSize(4);
		assertThat(frame[2].remaining()).isEqualTo(text.length());
		assertThat(text(frame)).isEqualTo("Content-Length: " + body.length() + "\r\n\r\n" + body);
		assertThat(text(large.call(6, "echo", List.of("tea")))).endsWith("\"id\":6,\"method\":\"echo\",\"params\":[\"tea\"]}");
	}

	@Test
	void longStringRequestOverTheMaximumMessageSizeIsRefused() {
		RequestEncoder small = new RequestEncoder("orders", mapper, Framing.CONTENT_LENGTH, 8 * 1024);
		assertThatExceptionOfType(PipeClientException.class)
			.isThrownBy(() -> small.call(1, "echo", List.of("x".repeat(8 * 1024))))
			.withMessageContaining("pipe 'orders'")
			.withMessageContaining("maximum message size of 8192 bytes");
	}

	@Test
	void requestsOfOneThreadFollowEachOtherWithoutASeparatorFromItsKeptGenerator() {
		for (int id = 1; id <= 3; id++) {
			assertThat(text(this.encoder.call(id, "echo", List.of("tea"))))
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"echo\",\"params\":[\"tea\"]}\n");
		}
		assertThat(text(this.encoder.notification("ping", null))).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}\n");
	}

	@Test
	void requestAfterOneWhoseParamsFailedToSerializeIsWholeAndAlone() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.encoder.call(1, "echo", List.of("before", new Unserializable())));
		assertThat(text(this.encoder.call(2, "echo", List.of("tea"))))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"echo\",\"params\":[\"tea\"]}\n");
	}

	@Test
	void twoClientsOnOneThreadEachWriteWithTheirOwnMapper() {
		JsonMapper nonAscii = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
		RequestEncoder escaping = new RequestEncoder("escaping", nonAscii, Framing.NEWLINE, 1024);
		for (int i = 0; i < 2; i++) {
			assertThat(text(this.encoder.call(1, "echo", List.of("\u00e9")))).contains("[\"\u00e9\"]");
			assertThat(text(escaping.call(1, "echo", List.of("\u00e9")))).contains("[\"\\u00E9\"]");
		}
	}

	@Test
	void requestsAreNotIndentedByAnIndentingMapper() {
		JsonMapper indenting = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		RequestEncoder compact = new RequestEncoder("compact", indenting, Framing.NEWLINE, 1024);
		for (int id = 1; id <= 2; id++) {
			assertThat(text(compact.call(id, "echo", List.of(Map.of("name", "tea")))))
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"echo\",\"params\":[{\"name\":\"tea\"}]}\n");
		}
	}

	@Test
	void eachRequestSerializesItsParamsAfresh() {
		// An object with an identity is written whole once per request: what a serializer
		// remembers of one request is not carried into the next, though the generator is kept.
		Identified tea = new Identified(1, "tea");
		String expected = "\"params\":[{\"id\":1,\"name\":\"tea\"}]";
		assertThat(text(this.encoder.call(1, "save", List.of(tea)))).contains(expected);
		assertThat(text(this.encoder.call(2, "save", List.of(tea)))).contains(expected);
	}

	@Test
	void serializerThatLeavesItsArrayOpenFailsItsRequestAndNotTheNext() {
		JsonMapper careless = JsonMapper.builder()
			.addModule(new SimpleModule().addSerializer(Careless.class,
					new StdSerializer<Careless>(Careless.class) {

						@Override
						public void serialize(Careless value, JsonGenerator generator,
								SerializationContext context) {
							generator.writeStartArray();
						}

					}))
			.build();
		RequestEncoder encoder = new RequestEncoder("careless", careless, Framing.NEWLINE, 1024);
		assertThat(text(encoder.call(1, "echo", List.of("tea")))).contains("\"params\":[\"tea\"]");
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> encoder.call(2, "echo", List.of(new Careless())));
		assertThat(text(encoder.call(3, "echo", List.of("tea"))))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"echo\",\"params\":[\"tea\"]}\n");
	}

	/** Serialized by a serializer that opens an array and never closes it. */
	static final class Careless {

	}

	@JsonIdentityInfo(
			generator = ObjectIdGenerators.PropertyGenerator.class, property = "id")
	record Identified(int id, String name) {
	}

	/** A property whose getter fails: serializing it fails half-way through the params. */
	static final class Unserializable {

		public String getName() {
			throw new IllegalStateException("No name");
		}

	}

	record Names(String first, String second) {
	}

}
