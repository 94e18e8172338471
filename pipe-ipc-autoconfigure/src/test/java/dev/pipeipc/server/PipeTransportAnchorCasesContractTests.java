package dev.pipeipc.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcMethods;
import dev.pipeipc.transport.PipeTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The situations the trusted pipe and JSON-RPC implementations test in their own suites (.NET's
 * System.IO.Pipes, Kestrel's named-pipe transport, go-winio, junixsocket, libuv, vscode-jsonrpc,
 * StreamJsonRpc), each a test named after the situation, written once and run per transport by a
 * subclass. Cases already covered elsewhere under another name (binding to a live name, half-close,
 * idle and request deadlines) are listed with their tests in docs/security.md, not repeated here.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class PipeTransportAnchorCasesContractTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	final AnchorHandlers handlers = new AnchorHandlers();

	/**
	 * The transport under test; a new one per call is fine.
	 * @return the transport
	 */
	protected abstract PipeTransport transport();

	/**
	 * A fresh, unused address on this transport.
	 * @return the address
	 */
	protected abstract String newAddress();

	/**
	 * An address the platform cannot serve because it is too long.
	 * @return the address
	 */
	protected abstract String addressOverThePlatformLimit();

	/**
	 * Connect a client to an address.
	 * @param address the address
	 * @param framing the framing the client speaks
	 * @return the connected client
	 * @throws IOException if the connection fails
	 */
	protected abstract PipeTestClient connect(String address, Framing framing) throws IOException;

	private static final int CONNECT_CLOSE_CYCLES = 1000;

	private static final int CONCURRENT_CONNECTS_DURING_SHUTDOWN = 200;

	protected TestPipeServer.Builder server(String address) {
		return TestPipeServer.on(address, transport()).name("anchor").handlers(this.handlers);
	}

	protected TestPipeServer start(TestPipeServer.Builder builder) {
		return this.resources.add(builder.start());
	}

	protected PipeTestClient open(String address) throws IOException {
		return this.resources.add(connect(address, Framing.CONTENT_LENGTH));
	}

	@Test
	void addressOverThePlatformLimitFailsAtStartNamingTheAddress() {
		String address = addressOverThePlatformLimit();
		TestPipeServer server = server(address).build();
		assertThatExceptionOfType(PipeServerStartException.class).isThrownBy(server::start)
			.withMessageContaining(address.substring(0, 40));
		assertThat(server.server().isRunning()).isFalse();
	}

	@Test
	void connectingAfterTheServerClosedFails() throws IOException {
		String address = newAddress();
		TestPipeServer server = start(server(address));
		PipeTestClient before = open(address);
		assertThat(echo(before, 1, "before")).isEqualTo("before");
		server.stop();
		before.awaitClose();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> connect(address, Framing.CONTENT_LENGTH).close());
	}

	@Test
	void thousandConnectCloseCyclesLeaveNoConnectionBehind() throws Exception {
		String address = newAddress();
		TestPipeServer server = start(server(address));
		for (int i = 0; i < CONNECT_CLOSE_CYCLES; i++) {
			connect(address, Framing.CONTENT_LENGTH).close();
		}
		awaitNoOpenConnections(server);
		assertThat(echo(open(address), 1, "still serving")).isEqualTo("still serving");
	}

	@Test
	void twoHundredConcurrentConnectsDuringShutdownEachEndWithoutHanging() throws Exception {
		String address = newAddress();
		TestPipeServer server = start(server(address));
		int clients = CONCURRENT_CONNECTS_DURING_SHUTDOWN;
		CountDownLatch ready = new CountDownLatch(clients);
		CountDownLatch go = new CountDownLatch(1);
		Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
		ExecutorService threads = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				int id = i;
				done.add(threads.submit(() -> {
					ready.countDown();
					go.await();
					String outcome = connectAndCallDuringShutdown(address, id);
					outcomes.computeIfAbsent(outcome, (key) -> new AtomicInteger()).incrementAndGet();
					return null;
				}));
			}
			assertThat(ready.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			go.countDown();
			CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
			for (Future<?> client : done) {
				client.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(outcomes.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(clients);
		assertThat(outcomes.keySet()).as("outcomes %s", outcomes)
			.isSubsetOf("answered", "refused with -32000", "not connected", "closed before an answer");
		assertThat(server.server().getOpenConnections()).isZero();
		start(server(address).name("successor"));
		assertThat(echo(open(address), 1, "after")).isEqualTo("after");
	}

	/**
	 * One client of the shutdown race: every way it may end is a clean one, and it never waits
	 * for an answer that will not come (the client's timeout would fail the test).
	 */
	private String connectAndCallDuringShutdown(String address, int id) {
		PipeTestClient client;
		try {
			client = connect(address, Framing.CONTENT_LENGTH);
		}
		catch (IOException ex) {
			return "not connected";
		}
		try (client) {
			client.send(PipeTestClient.request(id, "echo", "[" + id + "]"));
			JsonNode reply = client.receiveJson();
			if (reply.has("result")) {
				assertThat(reply.get("id").asInt()).isEqualTo(id);
				return "answered";
			}
			assertThat(reply.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.SERVER_UNAVAILABLE);
			assertThat(reply.get("id").isNull() || reply.get("id").asInt() == id).as("id of %s", reply).isTrue();
			return "refused with -32000";
		}
		catch (IOException ex) {
			return "closed before an answer";
		}
		catch (AssertionError ex) {
			// PipeTestClient's way of saying the server closed before a reply; a timeout is a hang.
			if (!String.valueOf(ex.getMessage()).startsWith("Server closed the connection")) {
				throw ex;
			}
			return "closed before an answer";
		}
	}

	@Test
	void clientEndOfStreamClosesItsConnectionOnTheServer() throws Exception {
		String address = newAddress();
		TestPipeServer server = start(server(address));
		PipeTestClient client = connect(address, Framing.CONTENT_LENGTH);
		assertThat(echo(client, 1, "bye")).isEqualTo("bye");
		assertThat(server.server().getOpenConnections()).isOne();
		client.close();
		awaitNoOpenConnections(server);
	}

	@Test
	void repliesTheClientHasNotReadWhenTheServerStopsAreAllDelivered() throws Exception {
		String address = newAddress();
		TestPipeServer server = start(server(address));
		PipeTestClient client = open(address);
		int requests = 16;
		String large = "r".repeat(100 * 1024);
		for (int i = 0; i < requests; i++) {
			client.send(PipeTestClient.request(i, "countedEcho", "[\"" + i + large + "\"]"));
		}
		TestPipeServer.await("every request answered", () -> this.handlers.echoed.get() == requests
				&& server.server().getPendingRequests() == 0);
		CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
		assertThat(receiveResultsById(client, requests)).allSatisfy((id, result) -> assertThat(result)
			.isEqualTo(id + large));
		client.awaitClose();
		stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	/**
	 * Clients in tight loops while the server stops: every request written whole is answered, with
	 * its result or {@code -32000} and its id, or its write fails. A client that is refused stops
	 * sending on that connection, as docs/protocol.md asks; {@link #lostRequestsTolerated(int)}
	 * says how many loops a transport may end on a request that was written and never answered.
	 */
	@Test
	void requestsWrittenWhileTheServerStopsAreAnsweredOrTheirWriteFails() throws Exception {
		int rounds = Integer.getInteger("pipe.shutdown.rounds", 3);
		int clients = 8;
		Map<String, Integer> tally = new TreeMap<>();
		for (int round = 0; round < rounds; round++) {
			String address = newAddress();
			TestPipeServer server = start(server(address)
				.with((builder) -> builder.shutdownGracePeriod(Duration.ofSeconds(5))));
			CountDownLatch warmedUp = new CountDownLatch(clients);
			ExecutorService executor = Executors.newFixedThreadPool(clients);
			try {
				List<Future<String>> endings = new ArrayList<>();
				for (int i = 0; i < clients; i++) {
					PipeTestClient client = open(address);
					endings.add(executor.submit(() -> callUntilTheServerStops(client, warmedUp)));
				}
				assertThat(warmedUp.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("every client called 20 times")
					.isTrue();
				server.stop();
				for (Future<String> ending : endings) {
					String how = ending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
					assertThat(how).as("round " + round).doesNotStartWith("wrong");
					tally.merge(how, 1, Integer::sum);
				}
			}
			finally {
				executor.shutdownNow();
			}
		}
		System.out.println(getClass().getSimpleName() + ": graceful stop, " + rounds + " rounds of " + clients
				+ " clients calling: " + tally);
		assertThat(tally.getOrDefault("lost", 0)).as("requests written whole and never answered: " + tally)
			.isLessThanOrEqualTo(lostRequestsTolerated(rounds * clients));
	}

	/**
	 * How many of the given client loops may end on a request that was written and never
	 * answered, in {@link #requestsWrittenWhileTheServerStopsAreAnsweredOrTheirWriteFails()}.
	 * @param loops the client loops in the test
	 * @return none, unless the transport cannot refuse writes while it still reads
	 */
	protected int lostRequestsTolerated(int loops) {
		return 0;
	}

	private static String callUntilTheServerStops(PipeTestClient client, CountDownLatch warmedUp) {
		try {
			for (int id = 1;; id++) {
				try {
					client.send(PipeTestClient.request(id, "echo", "[\"call " + id + "\"]"));
				}
				catch (IOException ex) {
					return "write failed";
				}
				JsonNode reply;
				try {
					reply = client.receiveJson();
				}
				catch (IOException | AssertionError ex) {
					return "lost";
				}
				if (reply.path("id").asInt() != id) {
					return "wrong id: " + reply;
				}
				if (reply.has("error")) {
					if (reply.path("error").path("code").asInt() != JsonRpcErrorCodes.SERVER_UNAVAILABLE) {
						return "wrong error: " + reply;
					}
					// Refused: the server is stopping, and a client stops sending on this connection.
					return "refused";
				}
				if (id == 20) {
					warmedUp.countDown();
				}
			}
		}
		finally {
			warmedUp.countDown();
		}
	}

	@Test
	void messagesWrittenInChunksOfOneTo1024BytesAreAllAnswered() throws IOException {
		String address = newAddress();
		start(server(address));
		PipeTestClient client = open(address);
		int requests = 40;
		List<byte[]> frames = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			frames.add(PipeTestClient.frame(Framing.CONTENT_LENGTH,
					PipeTestClient.request(i, "echo", "[\"" + "c".repeat(i * 97) + "\"]")));
		}
		byte[] stream = PipeTestClient.concat(frames.toArray(new byte[0][]));
		Random chunks = new Random(1024);
		int position = 0;
		while (position < stream.length) {
			int length = Math.min(stream.length - position, 1 + chunks.nextInt(1024));
			client.sendRaw(Arrays.copyOfRange(stream, position, position + length));
			position += length;
		}
		assertThat(receiveResultsById(client, requests)).allSatisfy((id, result) -> assertThat(result)
			.isEqualTo("c".repeat(id * 97)));
	}

	@Test
	void missingContentLengthIsAParseErrorThenClose() throws IOException {
		assertParseErrorThenClose("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}", "Content-Length");
	}

	@Test
	void nonNumericContentLengthIsAParseErrorThenClose() throws IOException {
		assertParseErrorThenClose("Content-Length: 0x10\r\n\r\n{}", "0x10");
	}

	@Test
	void oversizedHeaderIsAParseErrorThenClose() throws IOException {
		assertParseErrorThenClose("X-Padding: " + "p".repeat(16 * 1024) + "\r\n", "8192");
	}

	private void assertParseErrorThenClose(String sent, String named) throws IOException {
		String address = newAddress();
		start(server(address));
		PipeTestClient other = open(address);
		PipeTestClient client = open(address);
		client.sendRaw(sent);
		JsonNode reply = client.receiveJson();
		assertThat(reply.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
		assertThat(reply.get("id").isNull()).isTrue();
		assertThat(reply.toString()).contains(named);
		client.awaitClose();
		assertThat(echo(other, 2, "unaffected")).isEqualTo("unaffected");
	}

	@Test
	void cancellationRacingConnectionLossLeavesNoHandlerRunning() throws Exception {
		String address = newAddress();
		TestPipeServer server = start(server(address));
		int rounds = 20;
		for (int i = 0; i < rounds; i++) {
			PipeTestClient client = connect(address, Framing.CONTENT_LENGTH);
			client.send(PipeTestClient.request(i, "block", "[]"));
			this.handlers.awaitBlocked(i + 1);
			client.send(PipeTestClient.notification(JsonRpcMethods.CANCEL_REQUEST, "{\"id\":" + i + "}"));
			client.close();
		}
		TestPipeServer.await("every blocked handler to end", () -> this.handlers.unblocked.get() == rounds
				&& server.server().getPendingRequests() == 0);
		awaitNoOpenConnections(server);
		assertThat(echo(open(address), 1, "after the race")).isEqualTo("after the race");
	}

	@Test
	void repliesOfConcurrentHandlersAreNeverInterleaved() throws IOException {
		String address = newAddress();
		start(server(address).maxThreads(8));
		PipeTestClient client = open(address);
		int requests = 64;
		for (int i = 0; i < requests; i++) {
			client.send(PipeTestClient.request(i, "pattern", "[" + i + "," + patternSize(i) + "]"));
		}
		assertThat(receiveResultsById(client, requests)).allSatisfy((id, result) -> assertThat(result)
			.as("reply %d", id)
			.isEqualTo(AnchorHandlers.patternOf(id, patternSize(id))));
	}

	/**
	 * Read the replies to requests {@code 0} to {@code count - 1}, which may come in any order.
	 * @return each result by its id, all ids present once
	 */
	private static Map<Integer, String> receiveResultsById(PipeTestClient client, int count) throws IOException {
		Map<Integer, String> results = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			JsonNode reply = client.receiveJson();
			assertThat(reply.has("result")).as("a result in %s", reply).isTrue();
			assertThat(results.put(reply.get("id").asInt(), reply.get("result").asString())).as("reply to %s seen before",
					reply.get("id")).isNull();
		}
		assertThat(results.keySet()).as("ids answered").hasSize(count).allMatch((id) -> id >= 0 && id < count);
		return results;
	}

	/** Sizes from one byte to 256 KiB, so that large replies are written while small ones finish. */
	private static int patternSize(int id) {
		return 1 << (id % 19);
	}

	private static String echo(PipeTestClient client, int id, String text) throws IOException {
		return client.call(PipeTestClient.request(id, "echo", "[\"" + text + "\"]")).get("result").asString();
	}

	private static void awaitNoOpenConnections(TestPipeServer server) {
		Awaitility.await("no open connections on " + server.server().getName())
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> server.server().getOpenConnections() == 0);
	}

	/**
	 * A unique name for a pipe.
	 * @return the name
	 */
	protected static String uniqueName() {
		return "anchor-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * The handlers the cases use besides {@code echo}.
	 */
	public static class AnchorHandlers {

		final AtomicInteger echoed = new AtomicInteger();

		final AtomicInteger blocked = new AtomicInteger();

		final AtomicInteger unblocked = new AtomicInteger();

		@PipeHandler("countedEcho")
		public String countedEcho(String value) {
			this.echoed.incrementAndGet();
			return value;
		}

		@PipeHandler("block")
		public String block() {
			this.blocked.incrementAndGet();
			try {
				new CountDownLatch(1).await(WAIT.toSeconds(), TimeUnit.SECONDS);
				return "never cancelled";
			}
			catch (InterruptedException ex) {
				return "cancelled";
			}
			finally {
				this.unblocked.incrementAndGet();
			}
		}

		@PipeHandler("pattern")
		public String pattern(int id, int size) {
			return patternOf(id, size);
		}

		static String patternOf(int id, int size) {
			StringBuilder text = new StringBuilder(size);
			String unit = Integer.toString(id, 36) + "-";
			while (text.length() < size) {
				text.append(unit);
			}
			text.setLength(size);
			return text.toString();
		}

		void awaitBlocked(int count) throws InterruptedException {
			TestPipeServer.await("handler " + count + " to block", () -> this.blocked.get() >= count);
		}

	}

}
