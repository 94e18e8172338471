package dev.pipeipc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.ParameterizedTypeReference;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What the {@link PipeClient} does on every transport, written once and run by a subclass per
 * transport against a real server on it: typed results and server errors; calls pipelined from
 * several threads, each matched to its answer; notifications both ways; a batch; a large answer;
 * cancelling a call, a request timeout and closing the client each stopping the handler on the
 * server; a server that goes away failing every pending call; a missing pipe; and reconnecting to a
 * restarted server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class PipeClientContractTests {

	/** The longest any step may take, generous for a loaded machine and for Wine. */
	protected static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	protected final CloseAfterEach closeables = new CloseAfterEach();

	protected final Handlers handlers = new Handlers();

	/**
	 * Let handlers the test kept blocked return; runs before {@link CloseAfterEach} closes the
	 * clients and servers.
	 */
	@AfterEach
	void releaseHandlers() {
		this.handlers.close();
	}

	/**
	 * A server builder for this transport, on an address of this test's own.
	 * @return the builder; the contract adds the handlers
	 */
	protected abstract TestPipeServer.Builder serverBuilder();

	/**
	 * A client builder for the address of {@link #serverBuilder()}.
	 * @return the builder
	 */
	protected abstract PipeClient.Builder clientBuilder();

	/**
	 * A client builder for an address nobody listens on.
	 * @return the builder
	 */
	protected abstract PipeClient.Builder missingPipeClientBuilder();

	/**
	 * Start a server with the contract's handlers, closed after the test.
	 * @return the running server
	 */
	protected TestPipeServer startServer() {
		return startServer(serverBuilder());
	}

	/**
	 * Start a server with the contract's handlers, closed after the test.
	 * @param builder the server, as the test configured it
	 * @return the running server
	 */
	protected TestPipeServer startServer(TestPipeServer.Builder builder) {
		TestPipeServer server = builder.handlers(this.handlers).start();
		// Close, not stop: stop would wait for handlers the test keeps blocked.
		this.closeables.add(() -> server.server().close());
		return server;
	}

	/**
	 * Build a client, closed after the test.
	 * @param builder the client, as the test configured it
	 * @return the client
	 */
	protected PipeClient client(PipeClient.Builder builder) {
		PipeClient client = builder.build();
		this.closeables.add(client);
		return client;
	}

	/**
	 * A client of the test's server, closed after the test.
	 * @return the client
	 */
	protected PipeClient client() {
		return client(clientBuilder().connectTimeout(WAIT));
	}

	private static void awaitLatch(CountDownLatch latch, String what) throws InterruptedException {
		assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as(what).isTrue();
	}

	@Test
	void callsReturnTypedResults() {
		startServer();
		PipeClient client = client();
		assertThat(client.call("items.get", List.of("tea"), Item.class)).isEqualTo(new Item("tea", 3));
		assertThat(client.call("items.list", List.of(2), new ParameterizedTypeReference<List<Item>>() {
		})).containsExactly(new Item("item-1", 1), new Item("item-2", 2));
		assertThat(client.call("add", List.of(40, 2), int.class)).isEqualTo(42);
		assertThat(client.call("add", Map.of("a", 1, "b", 2), Integer.class)).isEqualTo(3);
		assertThat(client.call("echo", List.of("text"), String.class)).isEqualTo("text");
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void serverErrorsSurfaceAsJsonRpcExceptionsWithCodeMessageAndData() {
		startServer();
		PipeClient client = client();
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> client.call("items.get", List.of("milk"), Item.class))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(1001);
				assertThat(ex.getMessage()).isEqualTo("No item named milk");
				assertThat(((JsonNode) ex.getData()).get("name").asString()).isEqualTo("milk");
			});
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> client.call("no.such.method", null, String.class))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.METHOD_NOT_FOUND));
		assertThat(client.call("echo", List.of("still fine"), String.class)).isEqualTo("still fine");
	}

	@Test
	void callsPipelinedFromSeveralThreadsAreEachMatchedToTheirAnswer() throws Exception {
		startServer();
		PipeClient client = client().connect();
		ExecutorService executor = Executors.newFixedThreadPool(4);
		this.closeables.add(executor::shutdownNow);
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<List<String>>> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int thread = t;
			threads.add(CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				List<CompletableFuture<String>> calls = new ArrayList<>();
				for (int i = 0; i < 25; i++) {
					// Every third call waits on the server, so answers overtake each other.
					String method = (i % 3 == 0) ? "echoLater" : "echo";
					calls.add(client.callAsync(method, List.of(thread + "-" + i), String.class));
				}
				return calls.stream().map(CompletableFuture::join).toList();
			}, executor));
		}
		start.countDown();
		for (int t = 0; t < 4; t++) {
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < 25; i++) {
				expected.add(t + "-" + i);
			}
			assertThat(threads.get(t).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(expected);
		}
	}

	@Test
	void notificationsPushedByAHandlerReachTheListenerInOrder() throws InterruptedException {
		startServer();
		PipeClient client = client();
		BlockingQueue<Progress> progress = new LinkedBlockingQueue<>();
		client.onNotification("progress", Progress.class, progress::add);
		assertThat(client.call("work", List.of(3), String.class)).isEqualTo("done");
		for (int step = 1; step <= 3; step++) {
			assertThat(progress.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Progress(step, 3));
		}
	}

	@Test
	void notificationReachesTheHandlerWithoutAnAnswer() throws InterruptedException {
		startServer();
		PipeClient client = client();
		client.notify("audit.record", List.of("login"));
		assertThat(this.handlers.events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("login");
		assertThat(client.call("echo", List.of("next"), String.class)).isEqualTo("next");
	}

	@Test
	void batchSendsCallsAndANotificationTogether() throws InterruptedException {
		startServer();
		PipeClient client = client();
		PipeBatch batch = client.batch();
		CompletableFuture<Integer> sum = batch.call("add", List.of(1, 2), Integer.class);
		CompletableFuture<Item> item = batch.call("items.get", List.of("coffee"), Item.class);
		batch.notify("audit.record", List.of("in a batch"));
		assertThat(sum).isNotDone();
		batch.send();
		assertThat(sum).succeedsWithin(WAIT).isEqualTo(3);
		assertThat(item).succeedsWithin(WAIT).isEqualTo(new Item("coffee", 5));
		assertThat(this.handlers.events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("in a batch");
	}

	@Test
	void largeParamsAndAnswerPassIntact() {
		startServer();
		PipeClient client = client();
		String large = "0123456789".repeat(100_000);
		assertThat(client.call("echo", List.of(large), String.class)).isEqualTo(large);
	}

	@Test
	void cancellingACallInterruptsItsHandler() throws InterruptedException {
		startServer();
		PipeClient client = client();
		CompletableFuture<String> call = client.callAsync("block", null, String.class);
		awaitLatch(this.handlers.blockStarted, "the handler started");
		assertThat(call.cancel(true)).isTrue();
		awaitLatch(this.handlers.blockInterrupted, "the handler was interrupted");
		assertThat(client.call("echo", List.of("after"), String.class)).isEqualTo("after");
	}

	@Test
	void requestTimeoutFailsTheCallAndInterruptsItsHandler() throws InterruptedException {
		startServer();
		PipeClient client = client(clientBuilder().connectTimeout(WAIT).requestTimeout(Duration.ofMillis(300)));
		CompletableFuture<String> call = client.callAsync("block", null, String.class);
		awaitLatch(this.handlers.blockStarted, "the handler started");
		assertThat(call).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeTimeoutException.class)
			.withMessageContaining("Method 'block'")
			.withMessageContaining("300 ms");
		awaitLatch(this.handlers.blockInterrupted, "the handler was interrupted");
		assertThat(client.call("echo", List.of("after the timeout"), String.class)).isEqualTo("after the timeout");
	}

	@Test
	void closingTheClientFailsItsCallsAtOnceAndInterruptsTheirHandlers() throws InterruptedException {
		startServer();
		PipeClient client = client();
		CompletableFuture<String> call = client.callAsync("block", null, String.class);
		awaitLatch(this.handlers.blockStarted, "the handler started");
		client.close();
		assertThat(call).isCompletedExceptionally();
		assertThat(call).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeClosedException.class);
		awaitLatch(this.handlers.blockInterrupted, "the handler was interrupted");
		assertThat(client.isConnected()).isFalse();
	}

	@Test
	void serverThatGoesAwayFailsEveryPendingCallWithPipeClosedException() throws InterruptedException {
		TestPipeServer server = startServer();
		PipeClient client = client();
		List<CompletableFuture<String>> calls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			calls.add(client.callAsync("hold", null, String.class));
		}
		await().atMost(WAIT).until(() -> this.handlers.held.get() == 5);
		server.server().close();
		for (CompletableFuture<String> call : calls) {
			assertThat(call).failsWithin(WAIT)
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(PipeClosedException.class);
		}
		await().atMost(WAIT).until(() -> !client.isConnected());
	}

	@Test
	void connectingToAMissingPipeFailsWithPipeConnectExceptionNamingTheAddress() {
		PipeClient client = client(missingPipeClientBuilder().connectTimeout(Duration.ofMillis(300)));
		long start = System.nanoTime();
		assertThatExceptionOfType(PipeConnectException.class).isThrownBy(client::connect)
			.withMessageContaining(client.getAddress())
			.withMessageContaining("300 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
		assertThat(client.isConnected()).isFalse();
	}

	@Test
	void withReconnectTheNextCallAfterTheServerRestartsSucceeds() {
		TestPipeServer server = startServer();
		PipeClient client = client(clientBuilder().connectTimeout(WAIT)
			.reconnect(Duration.ofMillis(50), Duration.ofMillis(200)));
		assertThat(client.call("echo", List.of("first"), String.class)).isEqualTo("first");
		server.server().close();
		await().atMost(WAIT).until(() -> !client.isConnected());
		startServer();
		assertThat(client.call("echo", List.of("again"), String.class)).isEqualTo("again");
		assertThat(client.isConnected()).isTrue();
	}

	/**
	 * An item, as a record.
	 */
	public record Item(String name, int quantity) {
	}

	/**
	 * Progress of a piece of work.
	 */
	public record Progress(int step, int of) {
	}

	/**
	 * The contract's handlers: results, errors, pushes, notifications, and calls that block until
	 * interrupted ({@code block}) or until the test ends ({@code hold}).
	 */
	public static class Handlers implements AutoCloseable {

		final BlockingQueue<String> events = new LinkedBlockingQueue<>();

		final CountDownLatch blockStarted = new CountDownLatch(1);

		final CountDownLatch blockInterrupted = new CountDownLatch(1);

		final AtomicInteger held = new AtomicInteger();

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public void close() {
			this.release.countDown();
		}

		@PipeHandler("echoLater")
		String echoLater(String value) throws InterruptedException {
			// Simulated work, so answers come back in another order than the calls went out.
			TimeUnit.MILLISECONDS.sleep(5);
			return value;
		}

		@PipeHandler("items.get")
		Item get(String name) {
			return switch (name) {
				case "tea" -> new Item("tea", 3);
				case "coffee" -> new Item("coffee", 5);
				default -> throw new JsonRpcException(1001, "No item named " + name, Map.of("name", name));
			};
		}

		@PipeHandler("items.list")
		List<Item> list(int count) {
			List<Item> items = new ArrayList<>();
			for (int i = 1; i <= count; i++) {
				items.add(new Item("item-" + i, i));
			}
			return items;
		}

		@PipeHandler("add")
		int add(int a, int b) {
			return a + b;
		}

		@PipeHandler("audit.record")
		void record(String event) {
			this.events.add(event);
		}

		@PipeHandler("work")
		String work(int steps, PipeSession session) {
			for (int step = 1; step <= steps; step++) {
				session.notify("progress", Map.of("step", step, "of", steps));
			}
			return "done";
		}

		@PipeHandler("block")
		String block() {
			this.blockStarted.countDown();
			try {
				// Blocked as a handler doing real work would be, until the server interrupts it.
				this.release.await(60, TimeUnit.SECONDS);
				return "released";
			}
			catch (InterruptedException ex) {
				this.blockInterrupted.countDown();
				Thread.currentThread().interrupt();
				return "interrupted";
			}
		}

		@PipeHandler("hold")
		String hold() {
			this.held.incrementAndGet();
			awaitRelease();
			return "released";
		}

		/**
		 * Wait, ignoring interrupts, until the test releases the handlers (or {@link #WAIT} passed):
		 * a call held this way stays unanswered whatever the server does to its thread.
		 */
		protected void awaitRelease() {
			long deadline = System.nanoTime() + WAIT.toNanos();
			boolean interrupted = false;
			while (true) {
				try {
					this.release.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
					break;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
