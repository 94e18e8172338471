package dev.pipeipc.server.jsonrpc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.FakeSession;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.RecordingReply;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON-RPC protocol without a socket: each test opens it for a {@link FakeSession} and hands
 * messages to the session handler with a {@link RecordingReply}, as a connection would.
 */
class JsonRpcProtocolTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Handlers handlers = new Handlers();

	private final FakeSession session = new FakeSession(1);

	private final PipeProtocol.SessionHandler handler = open(false);

	private PipeProtocol.SessionHandler open(boolean includeExceptionDetails) {
		return TestPipeServer.protocol(false, "unit", includeExceptionDetails, this.handlers).open(this.session);
	}

	private static RecordingReply handle(PipeProtocol.SessionHandler handler, String message) {
		RecordingReply reply = new RecordingReply();
		handler.handle(message.getBytes(StandardCharsets.UTF_8), reply);
		return reply;
	}

	private RecordingReply handle(String message) {
		return handle(this.handler, message);
	}

	private static JsonNode error(RecordingReply reply) {
		JsonNode error = json.readTree(reply.body()).get("error");
		assertThat(error).as("error in %s", reply.body()).isNotNull();
		return error;
	}

	@Test
	void requestIsAnsweredWithItsResult() {
		RecordingReply reply = handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subtract\",\"params\":[42,23]}");
		assertThat(reply.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":19}");
		assertThat(reply.closesConnection()).isFalse();
	}

	@Test
	void notificationRunsTheHandlerAndIsNotAnswered() {
		RecordingReply reply = handle("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":[\"noted\"]}");
		assertThat(reply.body()).isNull();
		assertThat(this.handlers.recorded).containsExactly("noted");
	}

	@Test
	void batchIsAnsweredInOrderLeavingOutNotifications() {
		RecordingReply reply = handle("[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"subtract\",\"params\":[3,1]},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":[\"in batch\"]},"
				+ "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"subtract\",\"params\":[10,1]}]");
		assertThat(reply.body()).isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":2},"
				+ "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"result\":9}]");
		assertThat(this.handlers.recorded).containsExactly("in batch");
	}

	@Test
	void longStringResultIsCompletedInPartsAroundTheString() {
		String text = "plain ".repeat(2_000);
		RecordingReply reply = handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"" + text + "\"]}");
		assertThat(reply.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + text + "\"}");
		assertThat(reply.parts()).hasSize(3);
		assertThat(new String(reply.parts().get(1), StandardCharsets.US_ASCII)).isEqualTo(text);
	}

	@Test
	void batchWithALongStringResultIsAnsweredInOneBody() {
		String text = "plain ".repeat(2_000);
		RecordingReply reply = handle("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"" + text + "\"]},"
				+ "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"subtract\",\"params\":[3,1]}]");
		assertThat(reply.body()).isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + text + "\"},"
				+ "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":2}]");
		assertThat(reply.parts()).isEmpty();
	}

	@Test
	void batchOfNotificationsOnlyIsNotAnswered() {
		RecordingReply reply = handle("[{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":[\"one\"]},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":[\"two\"]}]");
		assertThat(reply.body()).isNull();
		assertThat(this.handlers.recorded).containsExactlyInAnyOrder("one", "two");
	}

	@Test
	void unknownMethodIsAnsweredWithMethodNotFoundNamingIt() {
		JsonNode error = error(handle("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"}"));
		assertThat(error.get("code").asInt()).isEqualTo(JsonRpcErrorCodes.METHOD_NOT_FOUND);
		assertThat(error.get("data").get("method").asString()).isEqualTo("nope");
	}

	@Test
	void unknownMethodNotificationIsNotAnswered() {
		assertThat(handle("{\"jsonrpc\":\"2.0\",\"method\":\"nope\"}").body()).isNull();
	}

	@Test
	void paramOfTheWrongTypeIsAnsweredWithInvalidParamsNamingTheParameter() {
		JsonNode error = error(handle("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"subtract\",\"params\":[\"x\",1]}"));
		assertThat(error.get("code").asInt()).isEqualTo(JsonRpcErrorCodes.INVALID_PARAMS);
		assertThat(error.get("data").get("parameter").asString()).isEqualTo("minuend");
		assertThat(error.get("message").asString()).contains("'minuend'", "'subtract'");
	}

	@Test
	void handlerFailureIsAnsweredWithInternalErrorWithoutDetails() {
		JsonNode error = error(handle("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"fail\"}"));
		assertThat(error.get("code").asInt()).isEqualTo(JsonRpcErrorCodes.INTERNAL_ERROR);
		assertThat(error.get("message").asString()).isEqualTo("Internal error");
		assertThat(error.has("data")).as("no exception details by default").isFalse();
	}

	@Test
	void handlerFailureCarriesTheExceptionWhenDetailsAreEnabled() {
		JsonNode error = error(handle(open(true), "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"fail\"}"));
		assertThat(error.get("code").asInt()).isEqualTo(JsonRpcErrorCodes.INTERNAL_ERROR);
		assertThat(error.get("data").get("exception").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(error.get("data").get("message").asString()).isEqualTo("disk on fire");
	}

	@Test
	void handlerJsonRpcExceptionIsSentAsItIs() {
		RecordingReply reply = handle("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"deny\"}");
		assertThat(reply.body()).isEqualTo(
				"{\"jsonrpc\":\"2.0\",\"id\":6,\"error\":{\"code\":-32010,\"message\":\"Denied\",\"data\":{\"who\":\"you\"}}}");
	}

	@Test
	void messageThatIsNotJsonIsAnsweredWithParseError() {
		JsonNode error = error(handle("{not json"));
		assertThat(error.get("code").asInt()).isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
	}

	@Test
	void cancelNotificationIsHandledInlineAndInterruptsTheRunningRequest() throws Exception {
		RecordingReply reply = new RecordingReply();
		CompletableFuture.runAsync(() -> this.handler.handle(
				"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"block\"}".getBytes(StandardCharsets.UTF_8), reply));
		assertThat(this.handlers.blocking.await(5, TimeUnit.SECONDS)).isTrue();
		boolean inline = this.handler.handleInline(
				"{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":7}}".getBytes(StandardCharsets.UTF_8));
		assertThat(inline).isTrue();
		JsonNode error = error(reply);
		assertThat(error.get("code").asInt()).isEqualTo(JsonRpcErrorCodes.REQUEST_CANCELLED);
		assertThat(error.get("data").get("method").asString()).isEqualTo("block");
	}

	@Test
	void ordinaryMessageIsNotHandledInline() {
		assertThat(this.handler.handleInline(
				"{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"subtract\",\"params\":[1,1]}".getBytes(StandardCharsets.UTF_8)))
			.isFalse();
	}

	@Test
	void closingTheSessionCancelsTheFutureOfARequestInProgress() throws Exception {
		RecordingReply reply = handle("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"later\"}");
		CompletableFuture<String> pending = this.handlers.futures.poll(5, TimeUnit.SECONDS);
		assertThat(pending).isNotNull();
		assertThat(reply.isCompleted()).isFalse();
		this.handler.closed();
		assertThat(pending).isCancelled();
		assertThat(error(reply).get("code").asInt()).isEqualTo(JsonRpcErrorCodes.REQUEST_CANCELLED);
	}

	@Test
	void requestStartingAfterTheSessionClosedStartsCancelled() throws Exception {
		this.session.close();
		this.handler.closed();
		RecordingReply reply = handle("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"later\"}");
		CompletableFuture<String> pending = this.handlers.futures.poll(5, TimeUnit.SECONDS);
		assertThat(pending).as("nothing of a closed session is left running").isCancelled();
		assertThat(error(reply).get("code").asInt()).isEqualTo(JsonRpcErrorCodes.REQUEST_CANCELLED);
	}

	@Test
	void sessionsDoNotShareTheirRequests() throws Exception {
		PipeProtocol.SessionHandler other = TestPipeServer.protocol(false, "unit", false, this.handlers)
			.open(new FakeSession(2));
		RecordingReply reply = handle(other, "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"later\"}");
		CompletableFuture<String> pending = this.handlers.futures.poll(5, TimeUnit.SECONDS);
		this.handler.handleInline(
				"{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":11}}".getBytes(StandardCharsets.UTF_8));
		this.handler.closed();
		assertThat(pending).as("another session's cancel and close do not reach it").isNotCancelled();
		pending.complete("mine");
		assertThat(reply.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":11,\"result\":\"mine\"}");
	}

	@Test
	void refusalAnswersEachRequestWithItsIdAndNotificationsNotAtAll() {
		RecordingReply reply = new RecordingReply();
		this.handler.refuse(("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subtract\",\"params\":[1,1]},"
				+ "{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":[\"x\"]}]").getBytes(StandardCharsets.UTF_8),
				"Pipe 'unit' is shutting down", reply);
		JsonNode answers = json.readTree(reply.body());
		assertThat(answers.size()).isOne();
		assertThat(answers.get(0).get("id").asInt()).isEqualTo(1);
		assertThat(answers.get(0).get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.SERVER_UNAVAILABLE);
		assertThat(answers.get(0).get("error").get("data").get("reason").asString())
			.isEqualTo("Pipe 'unit' is shutting down");
		assertThat(this.handlers.recorded).isEmpty();
	}

	@Test
	void idBeyondTheRangeOfADoubleIsAnInvalidRequestAnsweredWithANullId() {
		RecordingReply reply = handle("{\"jsonrpc\":\"2.0\",\"id\":2.2e311,\"method\":\"subtract\",\"params\":[2,1]}");
		JsonNode response = json.readTree(reply.body());
		assertThat(response.get("id").isNull()).isTrue();
		assertThat(response.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST);
		assertThat(response.at("/error/message").asString() + response.at("/error/data")).contains("beyond the range of a double");
	}

	static class Handlers {

		final List<String> recorded = new CopyOnWriteArrayList<>();

		final CountDownLatch blocking = new CountDownLatch(1);

		final BlockingQueue<CompletableFuture<String>> futures = new LinkedBlockingQueue<>();

		@PipeHandler("subtract")
		int subtract(int minuend, int subtrahend) {
			return minuend - subtrahend;
		}

		@PipeHandler("echo")
		String echo(String text) {
			return text;
		}

		@PipeHandler("record")
		void record(String value) {
			this.recorded.add(value);
		}

		@PipeHandler("fail")
		String fail() {
			throw new IllegalStateException("disk on fire");
		}

		@PipeHandler("deny")
		String deny() {
			throw new JsonRpcException(-32010, "Denied", Map.of("who", "you"));
		}

		@PipeHandler("block")
		String block() throws InterruptedException {
			this.blocking.countDown();
			new CountDownLatch(1).await();
			return "never";
		}

		@PipeHandler("later")
		CompletableFuture<String> later() {
			CompletableFuture<String> future = new CompletableFuture<>();
			this.futures.add(future);
			return future;
		}

	}

}
