package dev.pipeipc.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.jsonrpc.JsonReadLimits;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link ResponseRouter}: answers to the calls of one connection's {@link PendingCalls},
 * notifications to the listeners. No socket: messages are handed to it as bytes.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResponseRouterTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final NotificationListeners listeners = new NotificationListeners("router");

	private final ResponseRouter router = new ResponseRouter("router", mapper, this.listeners);

	private final PendingCalls calls = new PendingCalls();

	@AfterEach
	void close() {
		this.listeners.close();
	}

	private <T> PendingCall<T> waiting(long id, Class<T> type) {
		PendingCall<T> call = new PendingCall<>(id, "method-" + id, mapper.constructType(type));
		this.calls.add(call);
		return call;
	}

	private void route(String json) {
		this.router.route(json.getBytes(StandardCharsets.UTF_8), this.calls);
	}

	@Test
	void answerCompletesTheCallOfItsIdWithTheTypedResult() {
		PendingCall<Item> call = waiting(1, Item.class);
		PendingCall<Item> other = waiting(2, Item.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"name\":\"tea\",\"quantity\":3}}");
		assertThat(call.future()).isCompletedWithValue(new Item("tea", 3));
		assertThat(other.future()).isNotDone();
	}

	/** An answer carrying a long string is read through the tree, which makes the string with one copy. */
	@Test
	void answerWithALongStringCompletesTheCallWithTheString() {
		String text = "tea ".repeat(100_000);
		PendingCall<String> call = waiting(1, String.class);
		PendingCall<Item> other = waiting(2, Item.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + text + "\"}");
		route("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"name\":\"" + text + "\",\"quantity\":3}}");
		assertThat(call.future()).isCompletedWithValue(text);
		assertThat(other.future()).isCompletedWithValue(new Item(text, 3));
	}

	@Test
	void errorAnswerFailsTheCallWithJsonRpcExceptionCarryingCodeMessageAndData() {
		PendingCall<Item> call = waiting(1, Item.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":1,"
				+ "\"error\":{\"code\":1001,\"message\":\"No item\",\"data\":{\"name\":\"milk\"}}}");
		assertThatThrownBy(() -> call.future().get()).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(JsonRpcException.class, (ex) -> {
				assertThat(ex.getCode()).isEqualTo(1001);
				assertThat(ex.getMessage()).isEqualTo("No item");
				assertThat(((JsonNode) ex.getData()).get("name").asString()).isEqualTo("milk");
			});
	}

	@Test
	void answerPastTheClientsJsonLimitsIsDroppedAndOneAtThemIsRouted() {
		ResponseRouter limited = new ResponseRouter("router", mapper, new JsonReadLimits(3, 1000, 1000, 1000),
				this.listeners);
		PendingCall<JsonNode> deep = waiting(1, JsonNode.class);
		limited.route("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[[[1]]]}".getBytes(StandardCharsets.UTF_8), this.calls);
		assertThat(deep.future()).isNotDone();
		PendingCall<JsonNode> within = waiting(2, JsonNode.class);
		limited.route("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":[[1]]}".getBytes(StandardCharsets.UTF_8), this.calls);
		assertThat(within.future()).isCompletedWithValueMatching((value) -> value.toString().equals("[[1]]"));
	}

	@Test
	void errorWithoutDataHasNullData() {
		PendingCall<Item> call = waiting(1, Item.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1002,\"message\":\"Refused\",\"data\":null}}");
		assertThatThrownBy(() -> call.future().get()).cause()
			.isInstanceOfSatisfying(JsonRpcException.class, (ex) -> assertThat(ex.getData()).isNull());
	}

	@Test
	void aServerSendingThousandsOfUnusableMessagesLeavesOneWarningInTheLog(CapturedOutput output) {
		PendingCall<String> call = waiting(1, String.class);
		for (int i = 0; i < 2000; i++) {
			route("not json " + i);
			route("{\"jsonrpc\":\"2.0\",\"method\":" + i + "}");
		}
		route("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"still answered\"}");
		assertThat(call.future()).isCompletedWithValue("still answered");
		assertThat(output.getOut().lines().filter((line) -> line.contains("WARN")).count())
			.as("WARN lines in the log").isOne();
	}

	@Test
	void answersInABatchArrayAreEachMatchedById() {
		PendingCall<String> first = waiting(1, String.class);
		PendingCall<String> second = waiting(2, String.class);
		route("[{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"two\"},{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"one\"}]");
		assertThat(first.future()).isCompletedWithValue("one");
		assertThat(second.future()).isCompletedWithValue("two");
	}

	@Test
	void answersToUnknownOrTextIdsAndMessagesThatAreNotJsonAreIgnored() {
		PendingCall<String> call = waiting(1, String.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":\"not yours\"}");
		route("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":\"not yours either\"}");
		route("this is not JSON");
		assertThat(call.future()).isNotDone();
		route("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"yours\"}");
		assertThat(call.future()).isCompletedWithValue("yours");
	}

	@Test
	void resultOfTheWrongShapeFailsTheCallNamingTheMethodAndType() {
		PendingCall<Integer> call = waiting(1, Integer.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"name\":\"tea\"}}");
		assertThatThrownBy(() -> call.future().get()).cause()
			.isInstanceOf(PipeClientException.class)
			.hasMessageContaining("method-1")
			.hasMessageContaining("java.lang.Integer");
	}

	@Test
	void voidResultCompletesWithNullWhateverTheServerSent() {
		PendingCall<Void> call = waiting(1, Void.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ignored\":true}}");
		assertThat(call.future()).isCompletedWithValue(null);
	}

	@Test
	void serverUnavailableErrorWithoutIdFailsEveryCallOfTheConnection() {
		PendingCall<String> first = waiting(1, String.class);
		PendingCall<String> second = waiting(2, String.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":\"Server unavailable\"}}");
		for (PendingCall<String> call : List.of(first, second)) {
			assertThatThrownBy(() -> call.future().get()).cause()
				.isInstanceOfSatisfying(JsonRpcException.class,
						(ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.SERVER_UNAVAILABLE));
		}
	}

	@Test
	void idBeyondTheRangeOfALongCompletesNoCallAndThrowsNothing() {
		PendingCall<String> call = waiting(1, String.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":18446744073709551617,\"result\":\"2^64 + 1, not 1\"}");
		assertThat(call.future()).isNotDone();
	}

	@Test
	void notificationWhoseMethodIsNotAStringIsIgnoredAndThrowsNothing() {
		PendingCall<String> call = waiting(1, String.class);
		route("{\"jsonrpc\":\"2.0\",\"method\":{\"not\":\"a name\"}}");
		route("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"still routed\"}");
		assertThat(call.future()).isCompletedWithValue("still routed");
	}

	@Test
	void errorWithoutAnIntegerCodeFailsItsCallWithPipeClientExceptionInsteadOfLeavingItWaiting() {
		PendingCall<String> call = waiting(1, String.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"x\",\"message\":7}}");
		assertThatThrownBy(() -> call.future().get()).cause()
			.isExactlyInstanceOf(PipeClientException.class)
			.hasMessageContaining("'router'")
			.hasMessageContaining("call 1")
			.hasMessageContaining("{\"code\":\"x\",\"message\":7}");
	}

	@Test
	void errorWithoutIdAndWithoutAnIntegerCodeFailsNoCallAndThrowsNothing() {
		PendingCall<String> call = waiting(1, String.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000.5,\"message\":\"odd\"}}");
		assertThat(call.future()).isNotDone();
	}

	@Test
	void otherErrorWithoutIdFailsNoCall() {
		PendingCall<String> call = waiting(1, String.class);
		route("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
		assertThat(call.future()).isNotDone();
	}

	@Test
	void notificationGoesToTheListenersOfItsMethod() throws InterruptedException {
		BlockingQueue<JsonNode> progress = new LinkedBlockingQueue<>();
		this.listeners.add("progress", progress::add);
		route("{\"jsonrpc\":\"2.0\",\"method\":\"progress\",\"params\":{\"step\":1}}");
		route("{\"jsonrpc\":\"2.0\",\"method\":\"progress\"}");
		await().atMost(Duration.ofSeconds(10)).until(() -> progress.size() == 2);
		assertThat(progress.take().get("step").asInt()).isEqualTo(1);
		assertThat(progress.take().isMissingNode()).isTrue();
	}

	record Item(String name, int quantity) {
	}

}
