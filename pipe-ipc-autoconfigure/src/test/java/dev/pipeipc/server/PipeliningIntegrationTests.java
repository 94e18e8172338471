package dev.pipeipc.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Framing;

import static dev.pipeipc.server.PipeTestClient.frame;
import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelining over one connection: a hundred requests sent back to back without reading (in every
 * framing, as separate writes and as one write) are all answered, each reply matching its request
 * by id whatever order the replies come in; and a small per-connection limit of requests in
 * progress pauses reading without losing or reordering-away any request.
 */
class PipeliningIntegrationTests {

	private static final int REQUESTS = 100;

	@TempDir
	Path directory;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void closeResources() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	private PipeTestClient connect(TestPipeServer.Builder builder) throws IOException {
		TestPipeServer server = builder.handlers(new Handlers()).start();
		this.resources.add(server);
		PipeTestClient client = server.connect();
		this.resources.add(client);
		return client;
	}

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void hundredRequestsSentBackToBackAreAllAnswered(Framing framing) throws IOException {
		PipeTestClient client = connect(TestPipeServer.on(this.directory.resolve("pipelined.sock")).framing(framing));
		for (int id = 1; id <= REQUESTS; id++) {
			client.send(request(id, "echo", "[\"value-" + id + "\"]"));
		}
		assertAllAnswered(client);
	}

	@Test
	void hundredRequestsInOneWriteAreAllAnswered() throws IOException {
		PipeTestClient client = connect(TestPipeServer.on(this.directory.resolve("pipelined.sock")));
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (int id = 1; id <= REQUESTS; id++) {
			all.writeBytes(frame(Framing.CONTENT_LENGTH, request(id, "echo", "[\"value-" + id + "\"]")));
		}
		client.sendRaw(all.toByteArray());
		assertAllAnswered(client);
	}

	@Test
	void repliesOfHandlersWithDifferentDurationsAreMatchedById() throws IOException {
		PipeTestClient client = connect(TestPipeServer.on(this.directory.resolve("pipelined.sock")));
		for (int id = 1; id <= REQUESTS; id++) {
			client.send(request(id, "napThenEcho", "[" + (id % 4) + ",\"value-" + id + "\"]"));
		}
		assertAllAnswered(client);
	}

	@Test
	void smallLimitOfRequestsInProgressPausesReadingWithoutLosingRequests() throws IOException {
		PipeTestClient client = connect(
				TestPipeServer.on(this.directory.resolve("pipelined.sock")).maxPendingRequests(4).maxThreads(8));
		for (int id = 1; id <= REQUESTS; id++) {
			client.send(request(id, "napThenEcho", "[" + (id % 3) + ",\"value-" + id + "\"]"));
		}
		assertAllAnswered(client);
	}

	private static void assertAllAnswered(PipeTestClient client) throws IOException {
		Map<Integer, String> results = new HashMap<>();
		for (int i = 0; i < REQUESTS; i++) {
			JsonNode reply = client.receiveJson();
			assertThat(results.put(reply.get("id").asInt(), reply.get("result").asString()))
				.as("one reply per id, got a second one: %s", reply)
				.isNull();
		}
		Map<Integer, String> expected = IntStream.rangeClosed(1, REQUESTS)
			.boxed()
			.collect(Collectors.toMap((id) -> id, (id) -> "value-" + id));
		assertThat(results).isEqualTo(expected);
	}

	static class Handlers {

		@PipeHandler("napThenEcho")
		String napThenEcho(int millis, String value) throws InterruptedException {
			// Handlers of different durations so replies leave in another order than requests came.
			Thread.sleep(millis);
			return value;
		}

	}

}
