package dev.pipeipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The {@link PipeClient}'s connection over a real Unix domain socket, when it ends, beyond the
 * {@link PipeClientContractTests contract}: a server that goes away fails a waiting {@code call}
 * with {@link PipeClosedException}; closing the client fails twenty calls held by a slow handler at
 * once; a closed client refuses new calls; a server at its connection limit answers
 * {@code -32000}; a server stopping gracefully answers the calls in progress before the connection
 * closes; without {@linkplain PipeClient.Builder#reconnect reconnect} a lost connection stays lost,
 * even once the server is back; with it, a call while the server is down fails with
 * {@link PipeConnectException}, the next call after the server restarts succeeds, and calls pending
 * when the connection was lost still fail.
 */
class PipeClientConnectionTests extends SocketClientTestSupport {

	private static final int PENDING = 20;

	private final Handlers handlers = new Handlers();

	private Path socket;

	@BeforeEach
	void setUp() {
		this.socket = this.directory.resolve("conn.sock");
	}

	private TestPipeServer startServer() {
		return startServer("conn", this.handlers);
	}

	private List<CompletableFuture<String>> holdCalls(PipeClient client) throws InterruptedException {
		List<CompletableFuture<String>> calls = new ArrayList<>();
		for (int i = 0; i < PENDING; i++) {
			calls.add(client.callAsync("holdNumbered", List.of(i), String.class));
		}
		assertThat(this.handlers.numberedHeld.await(10, TimeUnit.SECONDS)).as("all calls reached the handler").isTrue();
		assertThat(calls).allSatisfy((call) -> assertThat(call).isNotDone());
		return calls;
	}

	private static void assertFailedWithPipeClosedException(CompletableFuture<?> call) {
		assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(PipeClosedException.class);
	}

	@Test
	void serverThatGoesAwayFailsAWaitingCallWithPipeClosedException() throws InterruptedException {
		TestPipeServer server = startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString()));
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			try {
				client.call("holdNumbered", List.of(1), String.class);
				failure.complete(null);
			}
			catch (RuntimeException ex) {
				failure.complete(ex);
			}
		}, "waiting-caller");
		this.handlers.expect(1);
		caller.start();
		assertThat(this.handlers.numberedHeld.await(10, TimeUnit.SECONDS)).isTrue();
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
		TestPipeServer server = this.closeables.add(TestPipeServer.on(this.socket).name("conn").maxConnections(1).start());
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
		await().atMost(WAIT).until(() -> {
			try (PipeTestClient probe = PipeTestClient.connect(this.socket, Framing.CONTENT_LENGTH)) {
				return false;
			}
			catch (java.io.IOException ex) {
				return true;
			}
		});
		this.handlers.close();
		for (int i = 0; i < PENDING; i++) {
			assertThat(calls.get(i)).succeedsWithin(WAIT).isEqualTo("held-" + i);
		}
		assertThat(stopped).succeedsWithin(WAIT);
		await().atMost(WAIT).until(() -> !client.isConnected());
		assertThatExceptionOfType(PipeClosedException.class)
			.isThrownBy(() -> client.call("echo", List.of("too late"), String.class));
	}

	@Test
	void withoutReconnectALostConnectionStaysLostEvenWhenTheServerIsBack() throws InterruptedException {
		TestPipeServer server = startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString()));
		assertThat(client.call("echo", List.of("first"), String.class)).isEqualTo("first");
		server.server().close();
		await().atMost(WAIT).until(() -> !client.isConnected());
		assertThatExceptionOfType(PipeClosedException.class)
			.isThrownBy(() -> client.call("echo", List.of("while down"), String.class))
			.withMessageContaining("reconnecting is not enabled");
		startServer();
		assertThatExceptionOfType(PipeClosedException.class)
			.isThrownBy(() -> client.call("echo", List.of("server is back"), String.class));
		assertThat(client.isConnected()).isFalse();
	}

	@Test
	void withReconnectACallWhileTheServerIsDownFailsToConnectAndALaterCallSucceeds() throws InterruptedException {
		TestPipeServer server = startServer();
		PipeClient client = client(PipeClient.builder(this.socket.toString())
			.connectTimeout(Duration.ofMillis(100))
			.reconnect(Duration.ofMillis(50), Duration.ofMillis(200)));
		assertThat(client.call("echo", List.of("first"), String.class)).isEqualTo("first");
		server.server().close();
		await().atMost(WAIT).until(() -> !client.isConnected());
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
		this.handlers.close();
		startServer();
		assertThat(client.call("echo", List.of("reconnected"), String.class)).isEqualTo("reconnected");
	}

	/**
	 * The contract's handlers, and {@code holdNumbered}, which keeps each call unanswered, ignoring
	 * interrupts, until the test releases the handlers, then answers with its number.
	 */
	static class Handlers extends PipeClientContractTests.Handlers {

		volatile CountDownLatch numberedHeld = new CountDownLatch(PENDING);

		void expect(int calls) {
			this.numberedHeld = new CountDownLatch(calls);
		}

		@PipeHandler("holdNumbered")
		String holdNumbered(int index) {
			this.numberedHeld.countDown();
			awaitRelease();
			return "held-" + index;
		}

	}

}
