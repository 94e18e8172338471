package dev.pipeipc.server.jsonrpc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.PipeProgress;
import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;

import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code $/progress} over a real Unix domain socket, seen by a client that writes and reads the
 * bytes itself: the token a client puts in the {@code PipeProgress} param's place, by position or
 * by name and of any JSON type, comes back in every notification; a null or missing token means no
 * notification; every notification precedes the response, also for a handler that fails,
 * answers from another thread or runs past its timeout, and nothing reported after the answer is sent; and a client that reads nothing while a handler reports megabytes
 * of progress does not hold the handler up, nor make the server queue what it reports.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProgressIntegrationTests {

	private final Handlers handlers = new Handlers();

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private TestPipeServer server;

	private PipeTestClient client;

	@BeforeEach
	void startServer() throws IOException {
		this.server = this.resources
			.add(TestPipeServer.on(this.resources.socket("progress.sock")).handlers(this.handlers).start());
		this.client = this.resources.add(this.server.connect());
	}

	private List<JsonNode> callAndCollect(String request) throws IOException {
		this.client.send(request);
		List<JsonNode> messages = new ArrayList<>();
		JsonNode message;
		do {
			message = this.client.receiveJson();
			messages.add(message);
		}
		while (!message.has("id"));
		return messages;
	}

	@Test
	void positionalTokenComesBackInEveryNotificationBeforeTheResponse() throws IOException {
		List<JsonNode> messages = callAndCollect(request(1, "count", "[3, 42]"));
		assertThat(messages).map(JsonNode::toString)
			.containsExactly("{\"jsonrpc\":\"2.0\",\"method\":\"$/progress\",\"params\":{\"token\":42,\"value\":1}}",
					"{\"jsonrpc\":\"2.0\",\"method\":\"$/progress\",\"params\":{\"token\":42,\"value\":2}}",
					"{\"jsonrpc\":\"2.0\",\"method\":\"$/progress\",\"params\":{\"token\":42,\"value\":3}}",
					"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"counted 3\"}");
	}

	@Test
	void namedTokenOfAnyJsonTypeComesBackAsItWasSent() throws IOException {
		List<JsonNode> messages = callAndCollect(
				request(2, "count", "{\"progress\": {\"call\": \"a\", \"n\": [1]}, \"upTo\": 2}"));
		assertThat(messages).hasSize(3);
		assertThat(messages.get(0).get("params").get("token").toString()).isEqualTo("{\"call\":\"a\",\"n\":[1]}");
		assertThat(messages.get(1).get("params").get("value").intValue()).isEqualTo(2);
		assertThat(messages.get(2).get("result").stringValue()).isEqualTo("counted 2");
	}

	@Test
	void nullOrMissingTokenMeansNoProgress() throws IOException {
		assertThat(callAndCollect(request(3, "count", "[2, null]"))).hasSize(1);
		assertThat(callAndCollect(request(4, "count", "[2]"))).hasSize(1);
		assertThat(callAndCollect(request(5, "count", "{\"upTo\": 2}"))).singleElement()
			.satisfies((response) -> assertThat(response.get("result").stringValue()).isEqualTo("counted 2"));
	}

	@Test
	void progressOfAFailingHandlerPrecedesItsError() throws IOException {
		List<JsonNode> messages = callAndCollect(request(6, "failHalfway", "[\"tok\"]"));
		assertThat(messages).hasSize(2);
		assertThat(messages.get(0).get("method").stringValue()).isEqualTo("$/progress");
		assertThat(messages.get(1).get("error").get("code").intValue()).isEqualTo(-32603);
	}

	@Test
	void progressReportedFromAnotherThreadPrecedesTheResponseAndLaterReportsAreDropped() throws IOException {
		List<JsonNode> messages = callAndCollect(request(7, "async", "[\"t\"]"));
		assertThat(messages).map((message) -> message.has("id") ? "response" : message.get("params").get("value").asString())
			.containsExactly("from the worker", "response");
		// Reported once more after the answer: nothing of it reaches the client.
		this.handlers.asyncProgress.report("after the answer");
		assertThat(callAndCollect(request(8, "count", "[1, \"next\"]"))).map(JsonNode::toString)
			.first()
			.asString()
			.contains("\"token\":\"next\"");
	}

	@Test
	void aRequestThatTimesOutSendsItsProgressFirstAndNothingAfterItsError()
			throws IOException, InterruptedException {
		List<JsonNode> messages = callAndCollect(request(10, "slow", "[\"s\"]"));
		assertThat(messages).hasSize(2);
		assertThat(messages.get(0).get("params").get("value").asString()).isEqualTo("before");
		assertThat(messages.get(1).get("error").get("code").intValue()).isEqualTo(JsonRpcErrorCodes.REQUEST_TIMED_OUT);
		assertThat(this.handlers.slowDone.await(10, TimeUnit.SECONDS)).as("the handler was interrupted").isTrue();
		assertThat(callAndCollect(request(11, "count", "[1, \"after\"]")).get(0).get("params").get("token").asString())
			.as("the report the interrupted handler made after the error was dropped")
			.isEqualTo("after");
	}

	@Test
	void aClientThatDoesNotReadNeitherBlocksTheHandlerNorMakesTheServerQueueItsProgress()
			throws IOException, InterruptedException {
		this.client.send(request(9, "flood", "[\"slow\", 20000]"));
		assertThat(this.handlers.floodDone.await(20, TimeUnit.SECONDS)).as("the handler returned").isTrue();
		// 20000 reports of 1 KiB were made while nobody read; what waits for the client is bounded.
		assertThat(this.handlers.queuedAfterFlood.get()).isLessThan(ProgressReporter.QUEUED_BYTES_LIMIT + 64 * 1024);
		List<JsonNode> messages = new ArrayList<>();
		JsonNode message;
		do {
			message = this.client.receiveJson();
			messages.add(message);
		}
		while (!message.has("id"));
		assertThat(messages.size()).isLessThan(20000);
		JsonNode lastProgress = messages.get(messages.size() - 2).get("params").get("value");
		assertThat(lastProgress.get("step").intValue()).as("the newest value arrives before the response")
			.isEqualTo(20000);
		List<Integer> steps = messages.subList(0, messages.size() - 1)
			.stream()
			.map((each) -> each.get("params").get("value").get("step").intValue())
			.toList();
		assertThat(steps).isSorted().doesNotHaveDuplicates();
		assertThat(message.get("result").intValue()).isEqualTo(20000);
	}

	record Step(int step, String padding) {
	}

	static class Handlers {

		final CountDownLatch floodDone = new CountDownLatch(1);

		final CountDownLatch slowDone = new CountDownLatch(1);

		final AtomicLong queuedAfterFlood = new AtomicLong();

		volatile PipeProgress<String> asyncProgress;

		@PipeHandler("count")
		String count(int upTo, PipeProgress<Integer> progress) {
			for (int i = 1; i <= upTo; i++) {
				progress.report(i);
			}
			return "counted " + upTo;
		}

		@PipeHandler("failHalfway")
		void failHalfway(PipeProgress<String> progress) {
			progress.report("half");
			throw new IllegalStateException("Disk full");
		}

		@PipeHandler("async")
		java.util.concurrent.CompletableFuture<String> async(PipeProgress<String> progress) {
			this.asyncProgress = progress;
			return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
				progress.report("from the worker");
				return "done";
			});
		}

		@PipeHandler(value = "slow", timeout = "300ms")
		String slow(PipeProgress<String> progress) {
			progress.report("before");
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				progress.report("late");
				this.slowDone.countDown();
			}
			return "never seen";
		}

		@PipeHandler("flood")
		int flood(PipeProgress<Step> progress, int steps, PipeSession session) {
			String padding = "x".repeat(1024);
			for (int i = 1; i <= steps; i++) {
				progress.report(new Step(i, padding));
			}
			this.queuedAfterFlood.set(session.queuedBytes());
			this.floodDone.countDown();
			return steps;
		}

	}

}
