package dev.pipeipc.server.jsonrpc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.server.FakeSession;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.RecordingReply;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The types the reference lists for handlers, each passing the startup check and then bound and
 * written as the reference says, without a socket.
 */
class SupportedHandlerTypesTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final PipeProtocol protocol = TestPipeServer.protocol(false, "unit", false, new Handlers());

	private final PipeProtocol.SessionHandler handler = start(this.protocol).open(new FakeSession(1));

	private static PipeProtocol start(PipeProtocol protocol) {
		protocol.start();
		return protocol;
	}

	private String result(String method, String params) {
		RecordingReply reply = new RecordingReply();
		String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
		this.handler.handle(request.getBytes(StandardCharsets.UTF_8), reply);
		JsonNode response = json.readTree(reply.body());
		assertThat(response.has("result")).as("result in %s", reply.body()).isTrue();
		return response.get("result").toString();
	}

	@Test
	void jsonNodeParameterReceivesTheParamValueAsItIs() {
		assertThat(result("tree", "[{\"a\":[1,true,null]}]")).isEqualTo("{\"a\":[1,true,null]}");
	}

	@Test
	void objectParameterReceivesMapsListsAndScalars() {
		assertThat(result("kind", "[{\"a\":1}]")).isEqualTo("\"LinkedHashMap\"");
		assertThat(result("kind", "[[1]]")).isEqualTo("\"ArrayList\"");
		assertThat(result("kind", "[\"text\"]")).isEqualTo("\"String\"");
		assertThat(result("kind", "[1]")).isEqualTo("\"Integer\"");
		assertThat(result("kind", "[true]")).isEqualTo("\"Boolean\"");
	}

	@Test
	void byteArrayIsBase64InBothDirections() {
		assertThat(result("reverse", "[\"AQID\"]")).isEqualTo("\"AwIB\"");
	}

	@Test
	void collectionsMapsAndRecordsBindAndAreWritten() {
		assertThat(result("group", "[[{\"x\":1,\"y\":2},{\"x\":1,\"y\":3}]]"))
			.isEqualTo("{\"1\":[{\"x\":1,\"y\":2},{\"x\":1,\"y\":3}]}");
	}

	@Test
	void enumsArraysSetsAndMapsBind() {
		assertThat(result("describe", "[\"LARGE\",[1,2],[\"a\",\"a\"],{\"k\":1}]")).isEqualTo("\"LARGE 2 1 1\"");
	}

	@Test
	void optionalResultIsWrittenAsItsValueOrNull() {
		assertThat(result("find", "[\"tea\"]")).isEqualTo("\"tea\"");
		assertThat(result("find", "[\"\"]")).isEqualTo("null");
	}

	@Test
	void voidResultIsNull() {
		assertThat(result("nothing", "[]")).isEqualTo("null");
	}

	@Test
	void completableFutureResultIsAnsweredWithItsValue() {
		assertThat(result("later", "[\"soon\"]")).isEqualTo("\"soon\"");
	}

	record Point(int x, int y) {
	}

	enum Size {

		SMALL, LARGE

	}

	static class Handlers {

		@PipeHandler("tree")
		JsonNode tree(JsonNode value) {
			return value;
		}

		@PipeHandler("kind")
		String kind(@Nullable Object value) {
			return (value != null) ? value.getClass().getSimpleName() : "null";
		}

		@PipeHandler("reverse")
		byte[] reverse(byte[] bytes) {
			byte[] reversed = new byte[bytes.length];
			for (int i = 0; i < bytes.length; i++) {
				reversed[i] = bytes[bytes.length - 1 - i];
			}
			return reversed;
		}

		@PipeHandler("group")
		Map<Integer, List<Point>> group(List<Point> points) {
			return Map.of(points.get(0).x(), points);
		}

		@PipeHandler("describe")
		String describe(Size size, int[] numbers, Set<String> tags, Map<String, Integer> counts) {
			return size + " " + numbers.length + " " + tags.size() + " " + counts.size();
		}

		@PipeHandler("find")
		Optional<String> find(String item) {
			return Optional.of(item).filter((value) -> !value.isEmpty());
		}

		@PipeHandler("nothing")
		void nothing() {
		}

		@PipeHandler("later")
		CompletableFuture<String> later(String value) {
			return CompletableFuture.completedFuture(value);
		}

	}

}
