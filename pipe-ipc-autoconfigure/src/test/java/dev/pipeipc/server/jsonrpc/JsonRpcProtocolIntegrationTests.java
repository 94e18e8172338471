package dev.pipeipc.server.jsonrpc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;

import static dev.pipeipc.server.PipeTestClient.notification;
import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON-RPC 2.0 conformance over a real Unix domain socket: ids of every allowed type are echoed,
 * notifications are never answered, batches (mixed, all notifications, empty, of non-objects,
 * unparsable), invalid request objects, unknown methods, parse errors, and the error objects sent
 * for a handler's {@link JsonRpcException} and for any other exception, with and without exception
 * details.
 */
class JsonRpcProtocolIntegrationTests {

	private final Handlers handlers = new Handlers();

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private TestPipeServer server;

	private PipeTestClient client;

	@BeforeEach
	void startServer() throws IOException {
		this.server = this.resources.add(TestPipeServer.on(this.resources.socket("rpc.sock")).handlers(this.handlers).start());
		this.client = this.resources.add(this.server.connect());
	}

	@Test
	void stringIdIsEchoed() throws IOException {
		JsonNode reply = this.client.call(request("req-1", "echo", "[\"hello\"]"));
		assertThat(reply.toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"req-1\",\"result\":\"hello\"}");
	}

	@Test
	void numberIdIsEchoed() throws IOException {
		assertThat(this.client.call(request(42, "echo", "[1]")).toString())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":1}");
		assertThat(this.client.call(request(9007199254740993L, "echo", "[2]")).get("id").longValue())
			.isEqualTo(9007199254740993L);
	}

	@Test
	void nullIdIsEchoedAndTheRequestIsAnswered() throws IOException {
		JsonNode reply = this.client.call(request(null, "echo", "[\"x\"]"));
		assertThat(reply.toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":\"x\"}");
	}

	@Test
	void requestWithoutParamsIsAnswered() throws IOException {
		assertThat(this.client.call(request(1, "constant", null)).get("result").asString()).isEqualTo("constant");
	}

	@Test
	void notificationIsNeverAnswered() throws Exception {
		this.client.send(notification("log", "[\"first\"]"));
		assertThat(this.handlers.logged.poll(5, TimeUnit.SECONDS)).isEqualTo("first");
		assertNextRepliesAreOnlyForProbes();
	}

	@Test
	void notificationForUnknownMethodIsNeverAnswered() throws Exception {
		this.client.send(notification("no.such.method", "[]"));
		assertNextRepliesAreOnlyForProbes();
	}

	@Test
	void notificationWhoseHandlerFailsIsNeverAnswered() throws Exception {
		this.client.send(notification("fail.internal", null));
		this.client.send(notification("fail.rpc", null));
		this.client.send(notification("subtract", "[\"not a number\"]"));
		assertNextRepliesAreOnlyForProbes();
	}

	@Test
	void batchAnswersOnlyItsRequestsAsAnArray() throws Exception {
		this.client.send("[" + request(1, "subtract", "[42,23]") + "," + notification("log", "[\"in batch\"]") + ","
				+ request("two", "echo", "[\"b\"]") + ",{\"foo\":\"boo\"}," + request(3, "no.such.method", null)
				+ "]");
		JsonNode reply = this.client.receiveJson();
		assertThat(reply.isArray()).isTrue();
		assertThat(reply.size()).isEqualTo(4);
		assertThat(this.handlers.logged.poll(5, TimeUnit.SECONDS)).isEqualTo("in batch");
		Map<String, JsonNode> byId = new java.util.HashMap<>();
		for (JsonNode response : reply) {
			assertThat(response.get("jsonrpc").asString()).isEqualTo("2.0");
			byId.put(response.get("id").toString(), response);
		}
		assertThat(byId).containsOnlyKeys("1", "\"two\"", "null", "3");
		assertThat(byId.get("1").get("result").asInt()).isEqualTo(19);
		assertThat(byId.get("\"two\"").get("result").asString()).isEqualTo("b");
		assertThat(byId.get("null").get("error").get("code").asInt()).isEqualTo(-32600);
		assertThat(byId.get("3").get("error").get("code").asInt()).isEqualTo(-32601);
	}

	@Test
	void batchOfOnlyNotificationsIsNeverAnswered() throws Exception {
		this.client.send("[" + notification("log", "[\"a\"]") + "," + notification("log", "[\"b\"]") + "]");
		assertThat(List.of(this.handlers.logged.poll(5, TimeUnit.SECONDS), this.handlers.logged.poll(5, TimeUnit.SECONDS)))
			.containsExactlyInAnyOrder("a", "b");
		assertNextRepliesAreOnlyForProbes();
	}

	@Test
	void emptyBatchIsOneInvalidRequestWithNullId() throws IOException {
		JsonNode reply = this.client.call("[]");
		assertThat(reply.isObject()).isTrue();
		assertError(reply, -32600);
		assertThat(reply.get("id").isNull()).isTrue();
	}

	@Test
	void batchOfNonObjectsIsAnArrayOfInvalidRequests() throws IOException {
		JsonNode reply = this.client.call("[1,2,3]");
		assertThat(reply.isArray()).isTrue();
		assertThat(reply.size()).isEqualTo(3);
		for (JsonNode response : reply) {
			assertError(response, -32600);
			assertThat(response.get("id").isNull()).isTrue();
		}
	}

	@Test
	void unparsableBatchIsOneParseError() throws IOException {
		JsonNode reply = this.client.call("[" + request(1, "echo", "[1]") + ",{\"jsonrpc\":\"2.0\",\"method\"]");
		assertThat(reply.isObject()).isTrue();
		assertError(reply, -32700);
		assertThat(reply.get("id").isNull()).isTrue();
	}

	@Test
	void missingJsonrpcMemberIsAnInvalidRequest() throws IOException {
		JsonNode reply = this.client.call("{\"id\":5,\"method\":\"echo\",\"params\":[1]}");
		assertError(reply, -32600);
		assertThat(reply.get("id").asInt()).isEqualTo(5);
	}

	@Test
	void wrongJsonrpcVersionIsAnInvalidRequest() throws IOException {
		assertError(this.client.call("{\"jsonrpc\":\"1.0\",\"id\":6,\"method\":\"echo\",\"params\":[1]}"), -32600);
		assertError(this.client.call("{\"jsonrpc\":2.0,\"id\":7,\"method\":\"echo\",\"params\":[1]}"), -32600);
	}

	@Test
	void methodThatIsNotAStringIsAnInvalidRequest() throws IOException {
		assertError(this.client.call("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":1,\"params\":[1]}"), -32600);
		assertError(this.client.call("{\"jsonrpc\":\"2.0\",\"id\":9,\"params\":[1]}"), -32600);
	}

	@Test
	void scalarParamsAreAnInvalidRequest() throws IOException {
		assertError(this.client.call(request(10, "echo", "\"bar\"")), -32600);
		assertError(this.client.call(request(11, "echo", "3")), -32600);
	}

	@Test
	void invalidRequestWithoutIdIsAnsweredWithNullId() throws IOException {
		JsonNode reply = this.client.call("{\"jsonrpc\":\"2.0\",\"method\":1,\"params\":\"bar\"}");
		assertError(reply, -32600);
		assertThat(reply.get("id").isNull()).isTrue();
	}

	@Test
	void unknownMethodIsMethodNotFoundNamingTheMethod() throws IOException {
		JsonNode reply = this.client.call(request(12, "orders.nope", "[]"));
		assertError(reply, -32601);
		assertThat(reply.get("id").asInt()).isEqualTo(12);
		assertThat(reply.get("error").get("data").get("method").asString()).isEqualTo("orders.nope");
	}

	@Test
	void invalidJsonIsAParseErrorWithNullId() throws IOException {
		JsonNode reply = this.client.call("{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"echo\",\"params\":[1");
		assertError(reply, -32700);
		assertThat(reply.get("id").isNull()).isTrue();
		assertThat(this.client.call(request(14, "echo", "[\"after\"]")).get("result").asString()).isEqualTo("after");
	}

	@Test
	void trailingDataAfterTheRequestIsAParseError() throws IOException {
		assertError(this.client.call(request(21, "echo", "[1]") + " trailing"), -32700);
		assertError(this.client.call(request(22, "echo", "[1]") + request(23, "echo", "[2]")), -32700);
		assertThat(this.client.call(request(24, "echo", "[\"after\"]")).get("result").asString()).isEqualTo("after");
	}

	@Test
	void emptyMessageIsAParseError() throws IOException {
		assertError(this.client.call(""), -32700);
		assertThat(this.client.call(request(15, "echo", "[\"after\"]")).get("result").asString()).isEqualTo("after");
	}

	@Test
	void handlerJsonRpcExceptionIsSentAsItIs() throws IOException {
		JsonNode reply = this.client.call(request(16, "fail.rpc", null));
		assertThat(reply.toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":16,\"error\":{\"code\":1001,"
				+ "\"message\":\"Order 42 does not exist\",\"data\":{\"id\":42}}}");
	}

	@Test
	void otherHandlerExceptionIsAnInternalErrorThatRevealsNothing() throws IOException {
		JsonNode reply = this.client.call(request(17, "fail.internal", null));
		assertError(reply, -32603);
		assertThat(reply.get("id").asInt()).isEqualTo(17);
		JsonNode error = reply.get("error");
		assertThat(error.get("message").asString()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
		assertThat(String.valueOf(error.get("data"))).doesNotContain("hunter2").doesNotContain("IllegalStateException");
		assertThat(reply.toString()).doesNotContain("hunter2");
	}

	@Test
	void internalErrorCarriesTheExceptionClassWhenDetailsAreIncluded() throws IOException {
		TestPipeServer detailed = this.resources.add(TestPipeServer.on(this.resources.socket("details.sock"))
			.name("details")
			.includeExceptionDetails(true)
			.handlers(new Handlers())
			.start());
		PipeTestClient detailedClient = this.resources.add(detailed.connect());
		JsonNode reply = detailedClient.call(request(18, "fail.internal", null));
		assertError(reply, -32603);
		assertThat(reply.get("error").get("data").get("exception").asString())
			.isEqualTo(IllegalStateException.class.getName());
	}

	@Test
	void errorResponseHasNoResultMemberAndSuccessHasNoErrorMember() throws IOException {
		JsonNode error = this.client.call(request(19, "no.such.method", null));
		assertThat(error.has("result")).isFalse();
		assertThat(error.has("error")).isTrue();
		JsonNode success = this.client.call(request(20, "echo", "[null]"));
		assertThat(success.has("error")).isFalse();
		assertThat(success.has("result")).isTrue();
		assertThat(success.get("result").isNull()).isTrue();
	}

	/**
	 * Send two probe requests and check that the next two replies answer exactly them, so no reply
	 * was sent for anything sent before.
	 */
	private void assertNextRepliesAreOnlyForProbes() throws IOException {
		this.client.send(request("probe-1", "echo", "[1]"));
		this.client.send(request("probe-2", "echo", "[2]"));
		List<String> ids = List.of(this.client.receiveJson().get("id").toString(),
				this.client.receiveJson().get("id").toString());
		assertThat(ids).containsExactlyInAnyOrder("\"probe-1\"", "\"probe-2\"");
	}

	private static void assertError(JsonNode reply, int code) {
		assertThat(reply.get("jsonrpc").asString()).isEqualTo("2.0");
		assertThat(reply.has("id")).as("reply %s has an id member", reply).isTrue();
		assertThat(reply.has("result")).as("reply %s has no result", reply).isFalse();
		assertThat(reply.path("error").path("code").asInt()).as("error code of %s", reply).isEqualTo(code);
		assertThat(reply.path("error").path("message").isString()).isTrue();
	}

	static class Handlers {

		final BlockingQueue<String> logged = new LinkedBlockingQueue<>();

		@PipeHandler("subtract")
		int subtract(int minuend, int subtrahend) {
			return minuend - subtrahend;
		}

		@PipeHandler("constant")
		String constant() {
			return "constant";
		}

		@PipeHandler("log")
		void log(String message) {
			this.logged.add(message);
		}

		@PipeHandler("fail.rpc")
		void failWithRpcError() {
			throw new JsonRpcException(1001, "Order 42 does not exist", Map.of("id", 42));
		}

		@PipeHandler("fail.internal")
		void failInternally() {
			throw new IllegalStateException("secret database password is hunter2");
		}

	}

}
