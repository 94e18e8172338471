package dev.pipeipc.server.jsonrpc.stream;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.PipeTestClient;

import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * StreamJsonRpc's async-enumerable wire format over a real Unix socket, for each kind of value a
 * handler may return: the first values in the response, {@code $/enumerator/next} with the token
 * positional and named, the end, an empty stream, an error after the first values, and
 * {@code -32001} for a token that is gone.
 */
class StreamingIntegrationTests {

	private static final StreamSettings SETTINGS = new StreamSettings(2, 0, 2, 3, Duration.ofMinutes(5));

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private final StreamHandlers handlers = new StreamHandlers();

	private PipeTestClient client;

	@BeforeEach
	void start() throws IOException {
		StreamingServer server = this.resources
			.add(StreamingServer.start(this.resources.socket("streams.sock"), SETTINGS, this.handlers));
		this.client = this.resources.add(server.connect());
	}

	@Test
	void fluxSendsPrefetchWithTheResponseAndTheRestOnNext() throws IOException {
		assertThat(result(1, "numbers.flux", "[5]")).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		assertThat(result(2, "$/enumerator/next", "[1]")).isEqualTo("{\"values\":[2,3],\"finished\":false}");
		assertThat(result(3, "$/enumerator/next", "{\"token\":1}")).isEqualTo("{\"values\":[4],\"finished\":true}");
		assertThat(errorCode(4, "$/enumerator/next", "[1]")).isEqualTo(-32001);
	}

	@Test
	void streamIsReadToItsEndAndClosed() throws IOException {
		assertThat(result(1, "numbers.stream", "[3]")).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		assertThat(result(2, "$/enumerator/next", "[1]")).isEqualTo("{\"values\":[2],\"finished\":true}");
		assertThat(this.handlers.streamsClosed).hasValue(1);
	}

	@Test
	void flowPublisherIsStreamed() throws IOException {
		assertThat(result(1, "numbers.flow", "[3]")).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		assertThat(result(2, "$/enumerator/next", "[1]")).isEqualTo("{\"values\":[2],\"finished\":true}");
	}

	@Test
	void iteratorMarkedAsStreamUsesItsOwnBatchSize() throws IOException {
		assertThat(result(1, "numbers.iterator", "[7]")).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		assertThat(result(2, "$/enumerator/next", "[1]")).isEqualTo("{\"values\":[2,3,4],\"finished\":false}");
		assertThat(result(3, "$/enumerator/next", "[1]")).isEqualTo("{\"values\":[5,6],\"finished\":true}");
	}

	@Test
	void iterableMarkedAsStreamIsStreamedNotWrittenAsAnArray() throws IOException {
		assertThat(result(1, "numbers.list", null)).isEqualTo("{\"token\":1,\"values\":[\"a\",\"b\"]}");
	}

	@Test
	void streamThatFitsThePrefetchHasNoToken() throws IOException {
		assertThat(result(1, "numbers.flux", "[2]")).isEqualTo("{\"values\":[0,1]}");
		assertThat(errorCode(2, "$/enumerator/next", "[1]")).isEqualTo(-32001);
	}

	@Test
	void emptyStreamIsAnEmptyObject() throws IOException {
		assertThat(result(1, "numbers.flux", "[0]")).isEqualTo("{}");
		assertThat(result(2, "numbers.stream", "[0]")).isEqualTo("{}");
		assertThat(this.handlers.streamsClosed).hasValue(1);
	}

	@Test
	void errorAfterTheFirstValuesAnswersTheNextPullAndEndsTheStream() throws IOException {
		assertThat(result(1, "numbers.failing", null)).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		assertThat(result(2, "$/enumerator/next", "[1]")).isEqualTo("{\"values\":[2],\"finished\":false}");
		JsonNode failed = this.client.call(request(3, "$/enumerator/next", "[1]"));
		assertThat(failed.get("id").asInt()).isEqualTo(3);
		assertThat(failed.get("error").get("code").asInt()).isEqualTo(1234);
		assertThat(failed.get("error").get("message").asString()).isEqualTo("Order 7 vanished");
		assertThat(errorCode(4, "$/enumerator/next", "[1]")).isEqualTo(-32001);
	}

	@Test
	void tokensAreCountedPerConnection() throws IOException {
		assertThat(result(1, "numbers.flux", "[5]")).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		assertThat(result(2, "numbers.flux", "[5]")).isEqualTo("{\"token\":2,\"values\":[0,1]}");
		assertThat(result(3, "$/enumerator/next", "[2]")).isEqualTo("{\"values\":[2,3],\"finished\":false}");
	}

	@Test
	void unknownTokenAndMissingTokenAreErrors() throws IOException {
		assertThat(errorCode(1, "$/enumerator/next", "[99]")).isEqualTo(-32001);
		assertThat(errorCode(2, "$/enumerator/next", "[\"abc\"]")).isEqualTo(-32001);
		assertThat(errorCode(3, "$/enumerator/next", "[]")).isEqualTo(-32602);
		assertThat(errorCode(4, "$/enumerator/abort", "{\"token\":99}")).isEqualTo(-32001);
	}

	private String result(int id, String method, String params) throws IOException {
		JsonNode reply = this.client.call(request(id, method, params));
		assertThat(reply.has("error")).as("error in %s", reply).isFalse();
		return reply.get("result").toString();
	}

	private int errorCode(int id, String method, String params) throws IOException {
		JsonNode reply = this.client.call(request(id, method, params));
		assertThat(reply.has("error")).as("no error in %s", reply).isTrue();
		return reply.get("error").get("code").asInt();
	}

}
