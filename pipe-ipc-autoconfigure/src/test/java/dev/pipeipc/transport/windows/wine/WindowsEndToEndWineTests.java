package dev.pipeipc.transport.windows.wine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.transport.PipeInUseException;
import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeException;
import dev.pipeipc.transport.windows.NamedPipeTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * End to end on Windows semantics: a Spring Boot application context, built by
 * {@link PipeAutoConfiguration} from {@code pipe.server.*} properties, serves a real Win32 named
 * pipe through {@link NamedPipeTransport} (its calls performed by Win32 under Wine through
 * {@link WineNamedPipeApi}), and the peer is {@code seed-client.exe}, a Win32 client written the
 * way existing C++ clients are ({@code CreateFile}, {@code WaitNamedPipe} when busy, message read
 * mode, one {@code WriteFile} per message, {@code ReadFile} reassembling {@code ERROR_MORE_DATA}).
 * <p>
 * It proves that such a client works unchanged against the application: raw messages and their
 * replies pass intact whatever their size relative to the pipe buffers; JSON-RPC works with
 * {@code message} framing (notifications unanswered) and with the default {@code Content-Length}
 * framing from a message-mode client; a failing handler or an oversized raw message closes only
 * that connection; handlers see the client's process id; the secure defaults (owner-only DACL,
 * remote clients rejected), or the configured replacements, reach every pipe instance; closing the
 * context closes every instance handle and frees the name; a second application on a live name
 * fails to start while the first keeps serving; and {@code max-connections} is the Win32 instance
 * limit, beyond which clients get {@code ERROR_PIPE_BUSY}, with the name held throughout.
 * <p>
 * The application's pipe calls run in one bridge process, Java-driven clients in another, and each
 * seed client is a process of its own. One pair of bridges serves the whole class (each context
 * gets a non-closeable {@link RecordingNamedPipeApi} in front of the server bridge); each test uses
 * its own pipe name.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs under Wine")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowsEndToEndWineTests {

	private static final String OWNER_ONLY = "D:P(A;;GA;;;OW)(A;;GA;;;SY)(A;;GA;;;BA)";

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final WineBridges bridges = new WineBridges();

	private final String name = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

	private final String address = "\\\\.\\pipe\\" + this.name;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@BeforeAll
	static void compileTheSeedClient() throws IOException {
		// Compile the client (if needed) before the first timed test.
		WineToolchain.get().seedClient();
	}

	@AfterEach
	void stopExecutor() {
		this.executor.shutdownNow();
	}

	// ---- 1. raw protocol, message framing ----------------------------------------------------------

	@Test
	void rawMessagesAreAnsweredOneReplyMessageEach() {
		RecordingNamedPipeApi api = recording();
		runner(api).withPropertyValues("pipe.server.protocol=raw")
			.withUserConfiguration(AckConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PipeServer server = context.getBean(PipeServer.class);
				assertThat(server.getAddress()).isEqualTo(this.address);
				assertThat(server.getSettings().framing()).isEqualTo(Framing.MESSAGE);
				WineToolchain.Result result = seed("hello", "second message", "@@at", "", "@100000", "last");
				assertThat(result.exitCode()).as(result.toString()).isZero();
				assertThat(result.lines()).containsExactly("reply 9 ack hello", "reply 18 ack second message",
						"reply 7 ack @at", "reply 4 ack ", "reply 100004 ack " + pattern(196), "reply 8 ack last");
				AckHandler handler = context.getBean(AckHandler.class);
				assertThat(handler.requests).hasSize(6);
				assertThat(handler.requests.get(3)).isEmpty();
				String large = handler.requests.get(4);
				assertThat(large).hasSize(100_000);
				assertThat(large).isEqualTo(pattern(100_000));
				// Larger than the 64 KiB read buffer: reassembled from ERROR_MORE_DATA reads.
				assertThat(api.partialReads()).isPositive();
				assertThat(api.creates()).first().satisfies((create) -> {
					assertThat(create.inBufferSize()).isEqualTo(64 * 1024);
					assertThat(create.outBufferSize()).isEqualTo(64 * 1024);
				});
			});
	}

	@Test
	void largeRawMessagesPassIntactThroughSmallPipeBuffers() {
		RecordingNamedPipeApi api = recording();
		runner(api)
			.withPropertyValues("pipe.server.protocol=raw", "pipe.server.windows.in-buffer-size=4KB",
					"pipe.server.windows.out-buffer-size=4KB")
			.withUserConfiguration(EchoConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WineToolchain.Result result = seed("@100000", "@1", "@65537", "@4096", "small");
				assertThat(result.exitCode()).as(result.toString()).isZero();
				assertThat(result.lines()).containsExactly("reply 100000 " + pattern(200), "reply 1 0",
						"reply 65537 " + pattern(200), "reply 4096 " + pattern(200), "reply 5 small");
				EchoHandler handler = context.getBean(EchoHandler.class);
				assertThat(handler.requests).hasSize(5);
				assertThat(handler.requests.get(0)).isEqualTo(pattern(100_000).getBytes(StandardCharsets.US_ASCII));
				assertThat(handler.requests.get(2)).isEqualTo(pattern(65_537).getBytes(StandardCharsets.US_ASCII));
				assertThat(handler.requests.get(3)).isEqualTo(pattern(4096).getBytes(StandardCharsets.US_ASCII));
				// The server read 100000 + 65537 + 4096 bytes 4 KiB at a time.
				assertThat(api.partialReads()).isGreaterThanOrEqualTo(24 + 16);
				assertThat(api.creates()).isNotEmpty()
					.allSatisfy((create) -> assertThat(create.inBufferSize()).isEqualTo(4096))
					.allSatisfy((create) -> assertThat(create.outBufferSize()).isEqualTo(4096));
			});
	}

	// ---- 2. JSON-RPC, message framing --------------------------------------------------------------

	@Test
	void jsonRpcRequestPerMessageGetsItsResponseMessage() {
		runner(recording()).withPropertyValues("pipe.server.framing=message")
			.withUserConfiguration(CalculatorConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WineToolchain.Result result = seed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":[2,3]}",
						"{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"add\",\"params\":{\"a\":40,\"b\":2}}",
						"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"missing\"}");
				assertThat(result.exitCode()).as(result.toString()).isZero();
				List<JsonNode> replies = jsonReplies(result);
				assertThat(replies).hasSize(3);
				assertThat(replies.get(0).get("id").asInt()).isEqualTo(1);
				assertThat(replies.get(0).get("result").asInt()).isEqualTo(5);
				assertThat(replies.get(1).get("id").asString()).isEqualTo("two");
				assertThat(replies.get(1).get("result").asInt()).isEqualTo(42);
				assertThat(replies.get(2).get("id").asInt()).isEqualTo(3);
				assertThat(replies.get(2).get("error").get("code").asInt()).isEqualTo(-32601);
			});
	}

	@Test
	void jsonRpcNotificationPerMessageGetsNoReply() {
		runner(recording()).withPropertyValues("pipe.server.framing=message")
			.withUserConfiguration(CalculatorConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Calculator calculator = context.getBean(Calculator.class);
				long client = bridges.clientSide().clientOpen(this.address);
				try {
					bridges.clientSide().clientMessageMode(client);
					bridges.clientSide().writeMessage(client, bytes("{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":[\"n1\"]}"));
					assertThat(calculator.noted.await(10, TimeUnit.SECONDS)).isTrue();
					assertThat(calculator.notes).containsExactly("n1");
					// Had the notification been answered, that answer would be the next message.
					bridges.clientSide().writeMessage(client, bytes("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"add\",\"params\":[2,3]}"));
					JsonNode first = JSON.readTree(bridges.clientSide().readMessage(client, 4096));
					assertThat(first.get("id").asInt()).isEqualTo(2);
					assertThat(first.get("result").asInt()).isEqualTo(5);
					bridges.clientSide().writeMessage(client, bytes("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"add\",\"params\":[3,4]}"));
					JsonNode second = JSON.readTree(bridges.clientSide().readMessage(client, 4096));
					assertThat(second.get("id").asInt()).isEqualTo(3);
					assertThat(second.get("result").asInt()).isEqualTo(7);
				}
				finally {
					bridges.clientSide().close(client);
				}
			});
	}

	// ---- 3. JSON-RPC, Content-Length framing from a message-mode client ----------------------------

	@Test
	void jsonRpcContentLengthFramesFromAMessageModeClient() {
		runner(recording()).withUserConfiguration(CalculatorConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(PipeServer.class).getSettings().framing()).isEqualTo(Framing.CONTENT_LENGTH);
			WineToolchain.Result result = seed(contentLength("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":[2,3]}"),
					contentLength("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"add\",\"params\":[20,22]}"));
			assertThat(result.exitCode()).as(result.toString()).isZero();
			List<Reply> replies = replies(result);
			assertThat(replies).hasSize(2);
			List<JsonNode> bodies = new ArrayList<>();
			for (Reply reply : replies) {
				int split = reply.shown().indexOf("\\r\\n\\r\\n");
				assertThat(split).as(reply.toString()).isPositive();
				String header = reply.shown().substring(0, split);
				String body = reply.shown().substring(split + "\\r\\n\\r\\n".length());
				int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
				assertThat(header).isEqualTo("Content-Length: " + bodyLength);
				assertThat(reply.size()).isEqualTo(header.length() + 4 + bodyLength);
				bodies.add(JSON.readTree(body));
			}
			assertThat(bodies.get(0).get("id").asInt()).isEqualTo(1);
			assertThat(bodies.get(0).get("result").asInt()).isEqualTo(5);
			assertThat(bodies.get(1).get("id").asInt()).isEqualTo(2);
			assertThat(bodies.get(1).get("result").asInt()).isEqualTo(42);
		});
	}

	// ---- 4. and 5. failures close only the connection -----------------------------------------------

	@Test
	void failingRawHandlerClosesTheConnectionAndTheServerKeepsServing() {
		runner(recording()).withPropertyValues("pipe.server.protocol=raw")
			.withUserConfiguration(AckConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WineToolchain.Result failed = seed("hello", "boom", "never sent");
				assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
				assertThat(failed.lines()).containsExactly("reply 9 ack hello");
				assertEndedOnRead(failed);
				WineToolchain.Result next = seed("again");
				assertThat(next.exitCode()).as(next.toString()).isZero();
				assertThat(next.lines()).containsExactly("reply 9 ack again");
				assertThat(context.getBean(AckHandler.class).requests).containsExactly("hello", "boom", "again");
			});
	}

	@Test
	void rawMessageOverTheSizeLimitClosesTheConnectionAndTheServerKeepsServing() {
		runner(recording())
			.withPropertyValues("pipe.server.protocol=raw", "pipe.server.max-message-size=1KB",
					"pipe.server.windows.in-buffer-size=4KB")
			.withUserConfiguration(EchoConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WineToolchain.Result failed = seed("@1024", "@1025", "never sent");
				assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
				assertThat(failed.lines()).containsExactly("reply 1024 " + pattern(200));
				assertEndedOnRead(failed);
				// Far beyond the limit and the read buffer: refused without being kept.
				WineToolchain.Result huge = seed("@100000");
				assertThat(huge.exitCode()).as(huge.toString()).isEqualTo(1);
				assertThat(huge.lines()).isEmpty();
				// Closed after the whole message was read, or already while it was being written.
				assertThat(huge.timedOut()).isFalse();
				assertThat(huge.stderr().strip()).as(huge.toString())
					.matches("error (109|232|233) (ReadFile|WriteFile)");
				WineToolchain.Result next = seed("@1024", "after");
				assertThat(next.exitCode()).as(next.toString()).isZero();
				assertThat(next.lines()).containsExactly("reply 1024 " + pattern(200), "reply 5 after");
				assertThat(context.getBean(EchoHandler.class).requests).extracting((request) -> request.length)
					.containsExactly(1024, 1024, 5);
			});
	}

	// ---- 6. peer identity --------------------------------------------------------------------------

	@Test
	void handlersSeeTheClientsProcessId() {
		runner(recording()).withPropertyValues("pipe.server.framing=message")
			.withUserConfiguration(CalculatorConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WineToolchain.Result result = seed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"pid\"}");
				assertThat(result.exitCode()).as(result.toString()).isZero();
				JsonNode reply = jsonReplies(result).get(0);
				assertThat(reply.has("error")).as(reply.toString()).isFalse();
				long seedPid = reply.get("result").asLong();
				assertThat(seedPid).isPositive()
					.isNotEqualTo(bridges.serverSide().bridgeProcessId())
					.isNotEqualTo(bridges.clientSide().bridgeProcessId());
				// A client whose process id is known: the client bridge.
				long client = bridges.clientSide().clientOpen(this.address);
				try {
					bridges.clientSide().clientMessageMode(client);
					bridges.clientSide().writeMessage(client, bytes("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"pid\"}"));
					JsonNode response = JSON.readTree(bridges.clientSide().readMessage(client, 4096));
					assertThat(response.get("result").asLong()).isEqualTo(bridges.clientSide().bridgeProcessId());
				}
				finally {
					bridges.clientSide().close(client);
				}
			});
	}

	// ---- 7. security settings on every instance ----------------------------------------------------

	@Test
	void secureDefaultsReachEveryInstance() {
		RecordingNamedPipeApi api = recording();
		runner(api).withPropertyValues("pipe.server.protocol=raw")
			.withUserConfiguration(GatheringConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				serveThreeClientsAtOnce();
				// Three connected instances and one listening for the next client, at least.
				assertThat(api.creates()).hasSizeGreaterThanOrEqualTo(4).allSatisfy((create) -> {
					assertThat(create.name()).isEqualTo(this.address);
					assertThat(create.sddl()).isEqualTo(OWNER_ONLY);
					assertThat(create.rejectRemoteClients()).isTrue();
					assertThat(create.maxInstances()).isEqualTo(NamedPipeTransport.PIPE_UNLIMITED_INSTANCES);
				});
				assertThat(api.creates()).filteredOn(RecordingNamedPipeApi.Create::firstInstance).hasSize(1);
				assertThat(api.creates().get(0).firstInstance()).isTrue();
			});
	}

	@Test
	void configuredSecurityReachesEveryInstance() {
		String sddl = "D:P(A;;GA;;;SY)(A;;GRGW;;;WD)";
		RecordingNamedPipeApi api = recording();
		runner(api)
			.withPropertyValues("pipe.server.protocol=raw", "pipe.server.windows.security-descriptor=" + sddl,
					"pipe.server.windows.allow-remote-clients=true")
			.withUserConfiguration(GatheringConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				serveThreeClientsAtOnce();
				assertThat(api.creates()).hasSizeGreaterThanOrEqualTo(4).allSatisfy((create) -> {
					assertThat(create.sddl()).isEqualTo(sddl);
					assertThat(create.rejectRemoteClients()).isFalse();
				});
			});
	}

	private void serveThreeClientsAtOnce() throws Exception {
		List<CompletableFuture<WineToolchain.Result>> clients = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String message = "client-" + i;
			clients.add(CompletableFuture.supplyAsync(() -> seed(message), this.executor));
		}
		for (int i = 0; i < 3; i++) {
			WineToolchain.Result result = clients.get(i).get(40, TimeUnit.SECONDS);
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.lines()).singleElement().asString().startsWith("reply ").endsWith(" all 3 of client-" + i);
		}
	}

	// ---- 8. lifecycle ------------------------------------------------------------------------------

	/**
	 * {@code CloseHandle} is made slow (50 ms), as it may be on a loaded machine: a server that
	 * reported itself stopped before its last {@code CloseHandle} returned would leave the name
	 * taken for a moment, and an application restarted at once would fail with "in use".
	 */
	@Test
	void closingTheContextClosesEveryInstanceHandleAndFreesTheName() throws Exception {
		RecordingNamedPipeApi api = new RecordingNamedPipeApi(bridges.serverSide(), Duration.ofMillis(50));
		long[] held = new long[1];
		try {
			runner(api).withPropertyValues("pipe.server.protocol=raw")
				.withUserConfiguration(AckConfiguration.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(seed("one").lines()).containsExactly("reply 7 ack one");
					// A client still connected when the context closes.
					held[0] = bridges.clientSide().clientOpen(this.address);
					bridges.clientSide().clientMessageMode(held[0]);
					bridges.clientSide().writeMessage(held[0], bytes("held"));
					assertThat(bridges.clientSide().readMessage(held[0], 4096)).isEqualTo(bytes("ack held"));
					assertThat(api.openHandles()).hasSizeGreaterThanOrEqualTo(2);
				});
			assertThat(api.creates()).hasSizeGreaterThanOrEqualTo(3);
			assertThat(api.openHandles()).as("handles still open after the context closed").isEmpty();
			assertThat(api.closes()).as("CloseHandle calls").isEqualTo(api.creates().size());
			assertThat(bridges.clientSide().exists(this.address)).as("pipe exists after the context closed").isFalse();
			// The held client was disconnected: it reads the end, or a disconnected pipe.
			try {
				assertThat(bridges.clientSide().readMessage(held[0], 4096)).isNull();
			}
			catch (NamedPipeException ex) {
				assertThat(ex.getErrorCode()).isIn(NamedPipeApi.ERROR_BROKEN_PIPE, NamedPipeApi.ERROR_PIPE_NOT_CONNECTED);
			}
		}
		finally {
			if (held[0] != 0) {
				bridges.clientSide().close(held[0]);
			}
		}
	}

	@Test
	void secondApplicationOnALiveNameFailsToStartAndTheFirstKeepsServing() {
		runner(recording()).withPropertyValues("pipe.server.protocol=raw")
			.withUserConfiguration(AckConfiguration.class)
			.run((first) -> {
				assertThat(first).hasNotFailed();
				RecordingNamedPipeApi secondApi = recording();
				runner(secondApi).withPropertyValues("pipe.server.protocol=raw")
					.withUserConfiguration(AckConfiguration.class)
					.run((second) -> {
						assertThat(second).hasFailed();
						Throwable failure = second.getStartupFailure();
						PipeInUseException inUse = findCause(failure, PipeInUseException.class);
						assertThat(inUse).as("cause chain of %s", failure).isNotNull();
						assertThat(inUse.getAddress()).isEqualTo(this.address);
					});
				assertThat(secondApi.creates()).isEmpty();
				assertThat(bridges.clientSide().exists(this.address)).isTrue();
				WineToolchain.Result result = seed("still here");
				assertThat(result.exitCode()).as(result.toString()).isZero();
				assertThat(result.lines()).containsExactly("reply 14 ack still here");
			});
	}

	// ---- 9. instance limit -------------------------------------------------------------------------

	@Test
	void maxConnectionsIsTheWin32InstanceLimitAndTheNameIsHeldThroughout() throws Exception {
		RecordingNamedPipeApi api = recording();
		runner(api).withPropertyValues("pipe.server.protocol=raw", "pipe.server.max-connections=1")
			.withUserConfiguration(AckConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AtomicBoolean watching = new AtomicBoolean(true);
				AtomicInteger checks = new AtomicInteger();
				AtomicInteger missing = new AtomicInteger();
				CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
					while (watching.get()) {
						if (!bridges.clientSide().exists(this.address)) {
							missing.incrementAndGet();
						}
						checks.incrementAndGet();
					}
				}, this.executor);
				CompletableFuture<WineToolchain.Result> waiting;
				try (WinePipeClientChannel first = WinePipeClientChannel.open(bridges.clientSide(), this.address)) {
					assertThat(exchange(first, "first")).isEqualTo("ack first");
					assertThatExceptionOfType(NamedPipeException.class)
						.isThrownBy(() -> bridges.clientSide().clientOpen(this.address))
						.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(NamedPipeApi.ERROR_PIPE_BUSY));
					// A seed client meanwhile waits (WaitNamedPipe) for the instance.
					waiting = CompletableFuture.supplyAsync(() -> seed("second"), this.executor);
					assertThat(exchange(first, "first again")).isEqualTo("ack first again");
					assertThatExceptionOfType(NamedPipeException.class)
						.isThrownBy(() -> bridges.clientSide().clientOpen(this.address))
						.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(NamedPipeApi.ERROR_PIPE_BUSY));
					assertThat(waiting).isNotDone();
				}
				WineToolchain.Result second = waiting.get(40, TimeUnit.SECONDS);
				assertThat(second.exitCode()).as(second.toString()).isZero();
				assertThat(second.lines()).containsExactly("reply 10 ack second");
				try (WinePipeClientChannel third = WinePipeClientChannel.open(bridges.clientSide(), this.address)) {
					assertThat(exchange(third, "third")).isEqualTo("ack third");
				}
				watching.set(false);
				watcher.get(10, TimeUnit.SECONDS);
				assertThat(checks.get()).isPositive();
				assertThat(missing.get()).as("exists() false in %s of %s checks", missing, checks).isZero();
				// One instance, handed from client to client.
				assertThat(api.creates()).hasSize(1);
				assertThat(api.creates().get(0).maxInstances()).isEqualTo(1);
			});
	}

	// ---- helpers -----------------------------------------------------------------------------------

	private static RecordingNamedPipeApi recording() {
		return new RecordingNamedPipeApi(bridges.serverSide());
	}

	private ApplicationContextRunner runner(RecordingNamedPipeApi api) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PipeAutoConfiguration.class))
			.withBean(NamedPipeApi.class, () -> api)
			.withPropertyValues("pipe.server.name=" + this.name);
	}

	/** Run the seed client against this test's pipe, one message per argument. */
	private WineToolchain.Result seed(String... messages) {
		WineToolchain toolchain = WineToolchain.get();
		String[] arguments = new String[messages.length + 1];
		arguments[0] = this.name;
		System.arraycopy(messages, 0, arguments, 1, messages.length);
		return toolchain.run(CLIENT_TIMEOUT, toolchain.seedClient(), arguments);
	}

	/** The client's last read failed because the server closed the connection. */
	private static void assertEndedOnRead(WineToolchain.Result result) {
		assertThat(result.timedOut()).isFalse();
		assertThat(result.stderr().strip()).as(result.toString())
			.matches("error (" + NamedPipeApi.ERROR_BROKEN_PIPE + "|" + NamedPipeApi.ERROR_PIPE_NOT_CONNECTED
					+ ") ReadFile");
	}

	private static List<Reply> replies(WineToolchain.Result result) {
		List<Reply> replies = new ArrayList<>();
		for (String line : result.lines()) {
			assertThat(line).startsWith("reply ");
			int space = line.indexOf(' ', "reply ".length());
			String count = (space < 0) ? line.substring("reply ".length()) : line.substring("reply ".length(), space);
			replies.add(new Reply(Integer.parseInt(count), (space < 0) ? "" : line.substring(space + 1)));
		}
		return replies;
	}

	private static List<JsonNode> jsonReplies(WineToolchain.Result result) {
		List<JsonNode> nodes = new ArrayList<>();
		for (Reply reply : replies(result)) {
			assertThat(reply.shown()).startsWith("{");
			assertThat(reply.size()).isEqualTo(reply.shown().getBytes(StandardCharsets.UTF_8).length);
			nodes.add(JSON.readTree(reply.shown()));
		}
		return nodes;
	}

	private static String exchange(WinePipeClientChannel channel, String message) throws IOException {
		channel.write(ByteBuffer.wrap(bytes(message)));
		ByteBuffer reply = ByteBuffer.allocate(4096);
		int count = channel.read(reply);
		assertThat(count).isPositive();
		return new String(reply.array(), 0, count, StandardCharsets.UTF_8);
	}

	private static String contentLength(String body) {
		return "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
	}

	/** The seed client's "@N" message: N bytes of 0123456789 repeated. */
	private static String pattern(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) ('0' + i % 10));
		}
		return text.toString();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		return null;
	}

	/** One line of seed client output: the reply's size and its first 200 bytes, escaped. */
	private record Reply(int size, String shown) {

	}

	// ---- handlers ----------------------------------------------------------------------------------

	@Configuration(proxyBeanMethods = false)
	static class AckConfiguration {

		@Bean
		AckHandler ackHandler() {
			return new AckHandler();
		}

	}

	/** The README's raw handler; "boom" makes it fail. */
	static class AckHandler {

		final List<String> requests = new CopyOnWriteArrayList<>();

		@PipeHandler
		String handle(String request, PipeSession session) {
			this.requests.add(request);
			if (request.equals("boom")) {
				throw new IllegalStateException("boom");
			}
			return "ack " + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		EchoHandler echoHandler() {
			return new EchoHandler();
		}

	}

	static class EchoHandler {

		final List<byte[]> requests = new CopyOnWriteArrayList<>();

		@PipeHandler
		byte[] echo(byte[] request) {
			this.requests.add(request);
			return request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GatheringConfiguration {

		@Bean
		GatheringHandler gatheringHandler() {
			return new GatheringHandler();
		}

	}

	/** Answers only once three clients are in the handler at the same time. */
	static class GatheringHandler {

		private final CyclicBarrier barrier = new CyclicBarrier(3);

		@PipeHandler
		String handle(String request) throws Exception {
			this.barrier.await(30, TimeUnit.SECONDS);
			return "all 3 of " + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CalculatorConfiguration {

		@Bean
		Calculator calculator() {
			return new Calculator();
		}

	}

	static class Calculator {

		final List<String> notes = new CopyOnWriteArrayList<>();

		final CountDownLatch noted = new CountDownLatch(1);

		@PipeHandler
		int add(int a, int b) {
			return a + b;
		}

		@PipeHandler
		void note(String text) {
			this.notes.add(text);
			this.noted.countDown();
		}

		@PipeHandler
		long pid(PipeSession session) {
			return session.peer().orElseThrow().processId();
		}

	}

}
