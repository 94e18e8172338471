package dev.pipeipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link PipeClient}'s connection over a real Unix domain socket, when it ends: a server that
 * goes away, or a client closed, fails every pending call at once with
 * {@link PipeClosedException} (twenty calls held by a slow handler; a waiting {@code call} as well
 * as futures), never leaving one hanging; a server stopping gracefully answers the calls in progress
 * before the connection closes; without {@linkplain PipeClient.Builder#reconnect reconnect} a lost
 * connection stays lost, even once the server is back; with it, a call while the server is down
 * fails with {@link PipeConnectException} and the next call after the server restarts on the same
 * path succeeds.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeClientConnectionTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int PENDING = 20;

	@TempDir
	Path directory;

	private final Handlers handlers = new Handlers();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<TestPipeServer> servers = new ArrayList<>();

	private Path socket;

	@BeforeEach
	void setUp() {
		this.socket = this.directory.resolve("conn.sock");
	}

	@AfterEach
	void closeResources() throws Exception {
		this.handlers.gate.countDown();
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		for (TestPipeServer server : this.servers) {
			server.server().close();
		}
	}

	private TestPipeServer startServer() {
		TestPipeServer server = TestPipeServer.on(this.socket).name("conn").handlers(this.handlers).start();
		this.servers.add(server);
		return server;
	}

	private PipeClient client(PipeClient.Builder builder) {
		PipeClient client = builder.build();
		this.resources.add(client);
		return client;
	}

	private List<CompletableFuture<String>> holdCalls(PipeClient client) throws InterruptedException {
		List<CompletableFuture<String>> calls = new ArrayList<>();
		for (int i = 0; i < PENDING; i++) {
			calls.add(client.callAsync("hold", List.of(i), String.class));
		}
		assertThat(this.handlers.held.await(10, TimeUnit.SECONDS)).as("all calls reached the handler").isTrue();
		assertThat(calls).allSatisfy((call) -> assertThat(call).isNotDone());
		return calls;
	}

	private static void assertFailedWithPipeClosedException(CompletableFuture<?> call) {
		assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(PipeClosedException.class);
	}

	@Test
	void serverThatGoesAwayFailsEveryPendingCallWithPipeClosedException() throws InterruptedException {
		TestPipeServer server = startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString()));
		List<CompletableFuture<String>> calls = holdCalls(client);
		server.server().close();
		assertThat(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)))
			.failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeClosedException.class);
		calls.forEach(PipeClientConnectionTests::assertFailedWithPipeClosedException);
		TestPipeServer.await("the client noticed", () -> !client.isConnected());
	}

	@Test
	void serverThatGoesAwayFailsAWaitingCallWithPipeClosedException() throws InterruptedException {
		TestPipeServer server = startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString()));
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			try {
				client.call("hold", List.of(1), String.class);
				failure.complete(null);
			}
			catch (RuntimeException ex) {
				failure.complete(ex);
			}
		}, "waiting-caller");
		this.handlers.expect(1);
		caller.start();
		assertThat(this.handlers.held.await(10, TimeUnit.SECONDS)).isTrue();
		server.server().close();
		assertThat(failure).succeedsWithin(WAIT).isInstanceOf(PipeClosedException.class);
	}

	@Test
	void closingTheClientFailsEveryPendingCallAtOnceWithPipeClosedException() throws InterruptedException {
		startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString()));
		List<CompletableFuture<String>> calls = holdCalls(client);
		client.close();
		// Failed by close() itself, not later by a reader thread.
		assertThat(calls).allSatisfy((call) -> assertThat(call).isCompletedExceptionally());
		calls.forEach(PipeClientConnectionTests::assertFailedWithPipeClosedException);
		assertThat(client.isConnected()).isFalse();
	}

	@Test
	void closedClientRefusesNewCallsWithPipeClosedException() {
		startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString()));
		assertThat(client.call("echo", List.of("before"), String.class)).isEqualTo("before");
		client.close();
		assertThatExceptionOfType(PipeClosedException.class)
			.isThrownBy(() -> client.call("echo", List.of("after"), String.class));
		assertThatExceptionOfType(PipeClosedException.class).isThrownBy(() -> client.notify("echo", List.of(1)));
		assertFailedWithPipeClosedException(client.callAsync("echo", List.of("after"), String.class));
	}

	@Test
	void callToAServerAtItsConnectionLimitFailsWithServerUnavailable() {
		TestPipeServer server = TestPipeServer.on(this.socket).name("conn").maxInstances(1).start();
		this.servers.add(server);
		PipeClient holder = client(PipeClient.builder(this.socket.toString()));
		assertThat(holder.call("echo", List.of("holding"), String.class)).isEqualTo("holding");
		PipeClient refused = client(PipeClient.builder(this.socket.toString()));
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> refused.call("echo", List.of("me too"), String.class))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.SERVER_UNAVAILABLE));
		assertThat(holder.call("echo", List.of("still holding"), String.class)).isEqualTo("still holding");
	}

	@Test
	void closingAClientThatNeverConnectedDoesNothing() {
		PipeClient client = client(PipeClient.builder(this.socket.toString()));
		client.close();
		client.close();
		assertThat(client.isConnected()).isFalse();
	}

	@Test
	void gracefulServerStopAnswersCallsInProgressThenClosesTheConnection() throws Exception {
		TestPipeServer server = startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString()));
		List<CompletableFuture<String>> calls = holdCalls(client);
		CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
		TestPipeServer.await("the server stopped accepting", () -> {
			try (PipeTestClient probe = PipeTestClient.connect(this.socket, Framing.CONTENT_LENGTH)) {
				return false;
			}
			catch (java.io.IOException ex) {
				return true;
			}
		});
		this.handlers.gate.countDown();
		for (int i = 0; i < PENDING; i++) {
			assertThat(calls.get(i)).succeedsWithin(WAIT).isEqualTo("held-" + i);
		}
		assertThat(stopped).succeedsWithin(WAIT);
		TestPipeServer.await("the client noticed", () -> !client.isConnected());
		assertThatExceptionOfType(PipeClosedException.class)
			.isThrownBy(() -> client.call("echo", List.of("too late"), String.class));
	}

	@Test
	void withoutReconnectALostConnectionStaysLostEvenWhenTheServerIsBack() throws InterruptedException {
		TestPipeServer server = startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString()));
		assertThat(client.call("echo", List.of("first"), String.class)).isEqualTo("first");
		server.server().close();
		TestPipeServer.await("the client noticed", () -> !client.isConnected());
		assertThatExceptionOfType(PipeClosedException.class)
			.isThrownBy(() -> client.call("echo", List.of("while down"), String.class))
			.withMessageContaining("reconnecting is not enabled");
		startServer();
		assertThatExceptionOfType(PipeClosedException.class)
			.isThrownBy(() -> client.call("echo", List.of("server is back"), String.class));
		assertThat(client.isConnected()).isFalse();
	}

	@Test
	void withReconnectTheNextCallAfterTheServerRestartsOnTheSamePathSucceeds() throws InterruptedException {
		TestPipeServer server = startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString())
			.reconnect(Duration.ofMillis(50), Duration.ofMillis(200)));
		assertThat(client.call("echo", List.of("first"), String.class)).isEqualTo("first");
		server.server().close();
		TestPipeServer.await("the client noticed", () -> !client.isConnected());
		startServer();
		assertThat(client.call("echo", List.of("again"), String.class)).isEqualTo("again");
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void withReconnectACallWhileTheServerIsDownFailsToConnectAndALaterCallSucceeds() throws InterruptedException {
		TestPipeServer server = startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString())
			.connectTimeout(Duration.ofMillis(100))
			.reconnect(Duration.ofMillis(50), Duration.ofMillis(200)));
		assertThat(client.call("echo", List.of("first"), String.class)).isEqualTo("first");
		server.server().close();
		TestPipeServer.await("the client noticed", () -> !client.isConnected());
		assertThatExceptionOfType(PipeConnectException.class)
			.isThrownBy(() -> client.call("echo", List.of("while down"), String.class));
		assertThatExceptionOfType(PipeConnectException.class)
			.isThrownBy(() -> client.call("echo", List.of("still down"), String.class));
		startServer();
		assertThat(client.call("echo", List.of("back"), String.class)).isEqualTo("back");
	}

	@Test
	void withReconnectPendingCallsStillFailWhenTheConnectionIsLost() throws InterruptedException {
		TestPipeServer server = startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString())
			.reconnect(Duration.ofMillis(50), Duration.ofMillis(200)));
		List<CompletableFuture<String>> calls = holdCalls(client);
		server.server().close();
		calls.forEach(PipeClientConnectionTests::assertFailedWithPipeClosedException);
		this.handlers.gate.countDown();
		startServer();
		assertThat(client.call("echo", List.of("reconnected"), String.class)).isEqualTo("reconnected");
	}

	/**
	 * {@code hold} keeps each call unanswered, ignoring interrupts, until the test opens the gate.
	 */
	static class Handlers {

		volatile CountDownLatch held = new CountDownLatch(PENDING);

		final CountDownLatch gate = new CountDownLatch(1);

		void expect(int calls) {
			this.held = new CountDownLatch(calls);
		}

		@PipeHandler("hold")
		String hold(int index) {
			this.held.countDown();
			// Ignores interrupts: the call stays pending until the test releases it (or 20 s pass).
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (System.nanoTime() - deadline < 0) {
				try {
					if (this.gate.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
						break;
					}
				}
				catch (InterruptedException ex) {
					// Keep holding.
				}
			}
			return "held-" + index;
		}

	}

}
