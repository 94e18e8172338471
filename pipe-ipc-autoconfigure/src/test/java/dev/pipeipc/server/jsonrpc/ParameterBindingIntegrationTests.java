package dev.pipeipc.server.jsonrpc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;

import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding of JSON-RPC params to handler arguments, end to end over a socket: positional and named
 * params, too many or unknown params, type mismatches, a single record parameter taking the whole
 * params object, generic collections of records, {@link Optional} and {@code @Nullable} params,
 * missing and null values, {@link PipeSession} injection, {@code void} results, and handlers that
 * answer later through a {@link CompletableFuture} (succeeding or failing) while the connection
 * keeps serving other requests.
 */
class ParameterBindingIntegrationTests {

	@TempDir
	Path directory;

	private final Handlers handlers = new Handlers();

	private TestPipeServer server;

	private PipeTestClient client;

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	@BeforeEach
	void startServer() throws IOException {
		this.server = this.resources.add(TestPipeServer.on(this.directory.resolve("bind.sock"))
			.name("binding")
			.handlers(this.handlers)
			.start());
		this.client = this.resources.add(this.server.connect());
	}

	@Test
	void positionalParamsBindInOrder() throws IOException {
		assertThat(result(request(1, "subtract", "[42,23]")).asInt()).isEqualTo(19);
		assertThat(result(request(2, "subtract", "[23,42]")).asInt()).isEqualTo(-19);
	}

	@Test
	void namedParamsBindByParameterName() throws IOException {
		assertThat(result(request(1, "subtract", "{\"subtrahend\":23,\"minuend\":42}")).asInt()).isEqualTo(19);
	}

	@Test
	void tooManyPositionalParamsAreInvalidParams() throws IOException {
		JsonNode error = error(request(1, "subtract", "[1,2,3]"), -32602);
		assertThat(error.get("message").asString()).contains("subtract").contains("2").contains("3");
	}

	@Test
	void unknownNamedParamIsInvalidParamsNamingIt() throws IOException {
		JsonNode error = error(request(1, "subtract", "{\"minuend\":1,\"subtrahend\":2,\"divisor\":3}"), -32602);
		assertThat(error.get("message").asString()).contains("divisor");
		assertThat(error.get("data").get("parameter").asString()).isEqualTo("divisor");
	}

	@Test
	void wrongTypeIsInvalidParamsNamingTheParameter() throws IOException {
		JsonNode error = error(request(1, "subtract", "[\"forty-two\",23]"), -32602);
		assertThat(error.get("message").asString()).contains("minuend");
		JsonNode named = error(request(2, "subtract", "{\"minuend\":1,\"subtrahend\":{\"a\":1}}"), -32602);
		assertThat(named.get("message").asString()).contains("subtrahend");
	}

	@Test
	void singleRecordParameterTakesTheWholeParamsObject() throws IOException {
		assertThat(result(request(1, "manhattan", "{\"x\":3,\"y\":-4}")).asInt()).isEqualTo(7);
	}

	@Test
	void singleRecordParameterAlsoBindsByItsName() throws IOException {
		assertThat(result(request(1, "manhattan", "{\"point\":{\"x\":3,\"y\":-4}}")).asInt()).isEqualTo(7);
		assertThat(result(request(2, "manhattan", "[{\"x\":-1,\"y\":1}]")).asInt()).isEqualTo(2);
	}

	@Test
	void listOfRecordsBindsWithItsElementType() throws IOException {
		String points = "[{\"x\":1,\"y\":2},{\"x\":3,\"y\":4}]";
		assertThat(result(request(1, "sumPoints", "[" + points + "]")).toString()).isEqualTo("{\"x\":4,\"y\":6}");
		assertThat(result(request(2, "sumPoints", "{\"points\":" + points + "}")).toString())
			.isEqualTo("{\"x\":4,\"y\":6}");
	}

	@Test
	void mapOfRecordsBindsWithItsValueType() throws IOException {
		String points = "{\"a\":{\"x\":1,\"y\":2},\"b\":{\"x\":3,\"y\":4}}";
		assertThat(result(request(1, "norms", points)).toString()).isEqualTo("{\"a\":3,\"b\":7}");
		assertThat(result(request(2, "norms", "[" + points + "]")).toString()).isEqualTo("{\"a\":3,\"b\":7}");
	}

	@Test
	void missingOptionalParamIsEmpty() throws IOException {
		assertThat(result(request(1, "limit", "[]")).asString()).isEqualTo("no limit");
		assertThat(result(request(2, "limit", "{}")).asString()).isEqualTo("no limit");
		assertThat(result(request(3, "limit", null)).asString()).isEqualTo("no limit");
		assertThat(result(request(4, "limit", "[null]")).asString()).isEqualTo("no limit");
		assertThat(result(request(5, "limit", "[5]")).asString()).isEqualTo("limit 5");
		assertThat(result(request(6, "limit", "{\"limit\":6}")).asString()).isEqualTo("limit 6");
	}

	@Test
	void missingNullableParamIsNull() throws IOException {
		assertThat(result(request(1, "nullable", "[]")).asString()).isEqualTo("null");
		assertThat(result(request(2, "nullable", "{}")).asString()).isEqualTo("null");
		assertThat(result(request(3, "nullable", "[7]")).asString()).isEqualTo("7");
	}

	@Test
	void missingRequiredParamIsInvalidParams() throws IOException {
		JsonNode error = error(request(1, "subtract", "[1]"), -32602);
		assertThat(error.get("message").asString()).contains("subtrahend");
		JsonNode named = error(request(2, "subtract", "{\"subtrahend\":1}"), -32602);
		assertThat(named.get("message").asString()).contains("minuend");
	}

	@Test
	void nullForPrimitiveIsInvalidParams() throws IOException {
		JsonNode error = error(request(1, "twice", "[null]"), -32602);
		assertThat(error.get("message").asString()).contains("value");
		error(request(2, "twice", "{\"value\":null}"), -32602);
	}

	@Test
	void nullForParameterNotDeclaredNullableIsInvalidParams() throws IOException {
		JsonNode error = error(request(1, "greet", "[null]"), -32602);
		assertThat(error.get("message").asString()).contains("name");
		assertThat(result(request(2, "nullable", "[null]")).asString()).isEqualTo("null");
	}

	@Test
	void sessionIsInjectedAndNotReadFromParams() throws IOException {
		JsonNode session = result(request(1, "session", "[]"));
		assertThat(session.get("id").asLong()).isPositive();
		assertThat(session.get("serverName").asString()).isEqualTo("binding");
		assertThat(session.get("user").asString()).isEqualTo(System.getProperty("user.name"));
		assertThat(session.get("open").asBoolean()).isTrue();
		assertThat(result(request(2, "greet", "[\"Ada\"]")).asString()).isEqualTo("Hello Ada on binding");
		assertThat(result(request(3, "greet", "{\"name\":\"Bob\"}")).asString()).isEqualTo("Hello Bob on binding");
	}

	@Test
	void sessionAttributesLastAsLongAsTheConnection() throws IOException {
		assertThat(result(request(1, "count", null)).asInt()).isEqualTo(1);
		assertThat(result(request(2, "count", null)).asInt()).isEqualTo(2);
		long firstId = result(request(3, "session", null)).get("id").asLong();
		try (PipeTestClient other = this.server.connect()) {
			assertThat(other.call(request(4, "count", null)).get("result").asInt()).isEqualTo(1);
			assertThat(other.call(request(5, "session", null)).get("result").get("id").asLong()).isNotEqualTo(firstId);
		}
	}

	@Test
	void voidHandlerAnswersWithNullResult() throws IOException {
		JsonNode reply = this.client.call(request(1, "ignore", "[\"x\"]"));
		assertThat(reply.toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}");
	}

	@Test
	void futureIsAnsweredWhenCompletedWhileLaterRequestsAreAnsweredFirst() throws Exception {
		this.client.send(request("slow", "later", "[\"done\"]"));
		CompletableFuture<String> pending = this.handlers.futures.poll(5, TimeUnit.SECONDS);
		assertThat(pending).as("handler invoked").isNotNull();
		this.client.send(request("fast", "echo", "[\"quick\"]"));
		JsonNode first = this.client.receiveJson();
		assertThat(first.get("id").asString()).isEqualTo("fast");
		assertThat(first.get("result").asString()).isEqualTo("quick");
		CompletableFuture.runAsync(() -> pending.complete("done later"));
		JsonNode second = this.client.receiveJson();
		assertThat(second.toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"result\":\"done later\"}");
	}

	@Test
	void futureFailedWithJsonRpcExceptionIsThatError() throws Exception {
		this.client.send(request(1, "later", "[\"x\"]"));
		CompletableFuture<String> pending = this.handlers.futures.poll(5, TimeUnit.SECONDS);
		assertThat(pending).isNotNull();
		CompletableFuture.runAsync(
				() -> pending.completeExceptionally(new JsonRpcException(1002, "Too late", Map.of("retry", true))));
		assertThat(this.client.receiveJson().toString()).isEqualTo(
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1002,\"message\":\"Too late\",\"data\":{\"retry\":true}}}");
	}

	@Test
	void futureFailedInsideAnAsyncStageIsUnwrapped() throws IOException {
		assertThat(this.client.call(request(1, "failAsync", null)).toString())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1003,\"message\":\"Failed async\"}}");
	}

	@Test
	void futureFailedWithOtherExceptionIsAnInternalError() throws Exception {
		this.client.send(request(1, "later", "[\"x\"]"));
		CompletableFuture<String> pending = this.handlers.futures.poll(5, TimeUnit.SECONDS);
		assertThat(pending).isNotNull();
		pending.completeExceptionally(new IllegalStateException("hidden detail"));
		JsonNode reply = this.client.receiveJson();
		assertThat(reply.get("error").get("code").asInt()).isEqualTo(-32603);
		assertThat(reply.toString()).doesNotContain("hidden detail");
	}

	private JsonNode result(String request) throws IOException {
		JsonNode reply = this.client.call(request);
		assertThat(reply.has("result")).as("successful reply to %s, got %s", request, reply).isTrue();
		return reply.get("result");
	}

	private JsonNode error(String request, int code) throws IOException {
		JsonNode reply = this.client.call(request);
		assertThat(reply.has("error")).as("error reply to %s, got %s", request, reply).isTrue();
		assertThat(reply.get("error").get("code").asInt()).as("code of %s", reply).isEqualTo(code);
		return reply.get("error");
	}

	record Point(int x, int y) {

	}

	static class Handlers {

		final BlockingQueue<CompletableFuture<String>> futures = new LinkedBlockingQueue<>();

		@PipeHandler("subtract")
		int subtract(int minuend, int subtrahend) {
			return minuend - subtrahend;
		}

		@PipeHandler("twice")
		int twice(int value) {
			return 2 * value;
		}

		@PipeHandler("manhattan")
		int manhattan(Point point) {
			return Math.abs(point.x()) + Math.abs(point.y());
		}

		@PipeHandler("sumPoints")
		Point sumPoints(List<Point> points) {
			return new Point(points.stream().mapToInt(Point::x).sum(), points.stream().mapToInt(Point::y).sum());
		}

		@PipeHandler("norms")
		Map<String, Integer> norms(Map<String, Point> points) {
			Map<String, Integer> norms = new LinkedHashMap<>();
			points.forEach((key, point) -> norms.put(key, point.x() + point.y()));
			return norms;
		}

		@PipeHandler("limit")
		String limit(Optional<Integer> limit) {
			return limit.map((value) -> "limit " + value).orElse("no limit");
		}

		@PipeHandler("nullable")
		String nullable(@Nullable Integer value) {
			return String.valueOf(value);
		}

		@PipeHandler("session")
		Map<String, Object> session(PipeSession session) {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("id", session.id());
			result.put("serverName", session.serverName());
			result.put("user", session.peer().map((peer) -> peer.user()).orElse(null));
			result.put("open", session.isOpen());
			return result;
		}

		@PipeHandler("greet")
		String greet(PipeSession session, String name) {
			return "Hello " + name + " on " + session.serverName();
		}

		@PipeHandler("count")
		int count(PipeSession session) {
			return ((AtomicInteger) session.attributes().computeIfAbsent("count", (key) -> new AtomicInteger()))
				.incrementAndGet();
		}

		@PipeHandler("ignore")
		void ignore(String value) {
		}

		@PipeHandler("later")
		CompletableFuture<String> later(String value) {
			CompletableFuture<String> future = new CompletableFuture<>();
			this.futures.add(future);
			return future;
		}

		@PipeHandler("failAsync")
		CompletableFuture<String> failAsync() {
			return CompletableFuture.supplyAsync(() -> {
				throw new JsonRpcException(1003, "Failed async");
			});
		}

	}

}
