package dev.pipeipc.transport.windows.wine;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.springframework.core.ParameterizedTypeReference;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeClosedException;
import dev.pipeipc.client.PipeConnectException;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.TestPipeServer;
import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeException;
import dev.pipeipc.transport.windows.NamedPipeSettings;
import dev.pipeipc.transport.windows.NamedPipeTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link PipeClient} on its Windows path, {@link PipeClient.Builder#namedPipeApi}, against a
 * {@link NamedPipeTransport} server, every Win32 call performed for real under Wine: the server's
 * in one {@link WineNamedPipeApi} bridge, the client's in another. Covered: typed results and
 * errors over a {@code \\.\pipe\} name; calls pipelined from several threads, matched by id; a
 * notification a handler pushes before it returns; {@code message} framing on both sides, with an
 * answer larger than one read (reassembled from {@code ERROR_MORE_DATA} parts), a batch and a push;
 * a missing pipe failing with {@link PipeConnectException}; with {@code maxInstances=1} and the one
 * instance held by another client, a call that waits ({@code WaitNamedPipe}) and succeeds once the
 * holder closes, or fails with {@link PipeConnectException} when the holder stays within the connect
 * timeout; cancelling a call interrupting its handler; and a server that goes away failing every
 * pending call with {@link PipeClosedException}.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs under Wine; on Windows the client uses JNA")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PipeClientWineTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static WineNamedPipeApi serverSide;

	private static WineNamedPipeApi clientSide;

	private final String address = "\\\\.\\pipe\\client-" + UUID.randomUUID().toString().substring(0, 8);

	private final Handlers handlers = new Handlers();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<TestPipeServer> servers = new ArrayList<>();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@BeforeAll
	static void startBridges() throws IOException {
		WineToolchain.get().assumeAvailable();
		serverSide = WineNamedPipeApi.start();
		clientSide = WineNamedPipeApi.start();
	}

	@AfterAll
	static void stopBridges() {
		if (clientSide != null) {
			clientSide.close();
		}
		if (serverSide != null) {
			serverSide.close();
		}
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
		this.executor.shutdownNow();
	}

	private TestPipeServer startServer(Framing framing, int maxInstances) {
		TestPipeServer server = TestPipeServer
			.on(this.address, new NamedPipeTransport(serverSide, NamedPipeSettings.defaults()))
			.name("wine-client")
			.framing(framing)
			.maxInstances(maxInstances)
			.handlers(this.handlers)
			.start();
		this.servers.add(server);
		return server;
	}

	private PipeClient client(Framing framing, Duration connectTimeout) {
		return client(clientSide, framing, connectTimeout);
	}

	private PipeClient client(NamedPipeApi api, Framing framing, Duration connectTimeout) {
		PipeClient client = PipeClient.builder(this.address)
			.namedPipeApi(api)
			.framing(framing)
			.connectTimeout(connectTimeout)
			.build();
		this.resources.add(client);
		return client;
	}

	@Test
	void callsReturnTypedResultsOverANamedPipe() {
		startServer(Framing.CONTENT_LENGTH, -1);
		PipeClient client = client(Framing.CONTENT_LENGTH, WAIT);
		assertThat(client.getAddress()).isEqualTo(this.address);
		assertThat(client.call("items.get", List.of("tea"), Item.class)).isEqualTo(new Item("tea", 3));
		assertThat(client.call("items.list", List.of(2), new ParameterizedTypeReference<List<Item>>() {
		})).containsExactly(new Item("item-1", 1), new Item("item-2", 2));
		assertThat(client.call("add", List.of(40, 2), int.class)).isEqualTo(42);
		assertThat(client.call("add", Map.of("a", 1, "b", 2), Integer.class)).isEqualTo(3);
		assertThat(client.call("echo", List.of("text"), String.class)).isEqualTo("text");
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void serverErrorsSurfaceAsJsonRpcExceptionsOverANamedPipe() {
		startServer(Framing.CONTENT_LENGTH, -1);
		PipeClient client = client(Framing.CONTENT_LENGTH, WAIT);
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
	}

	@Test
	void callsPipelinedFromSeveralThreadsAreEachMatchedToTheirAnswer() throws Exception {
		startServer(Framing.CONTENT_LENGTH, -1);
		PipeClient client = client(Framing.CONTENT_LENGTH, WAIT);
		client.connect();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<List<Boolean>>> threads = new ArrayList<>();
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
				for (int i = 0; i < 10; i++) {
					String method = (i % 3 == 0) ? "echoLater" : "echo";
					calls.add(client.callAsync(method, List.of(thread + "-" + i), String.class));
				}
				List<Boolean> matched = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					matched.add(calls.get(i).join().equals(thread + "-" + i));
				}
				return matched;
			}, this.executor));
		}
		start.countDown();
		for (CompletableFuture<List<Boolean>> thread : threads) {
			assertThat(thread.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasSize(10).containsOnly(true);
		}
	}

	@Test
	void notificationPushedByAHandlerReachesTheListener() throws InterruptedException {
		startServer(Framing.CONTENT_LENGTH, -1);
		PipeClient client = client(Framing.CONTENT_LENGTH, WAIT);
		BlockingQueue<Progress> progress = new LinkedBlockingQueue<>();
		client.onNotification("progress", Progress.class, progress::add);
		assertThat(client.call("work", List.of(3), String.class)).isEqualTo("done");
		for (int step = 1; step <= 3; step++) {
			assertThat(progress.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Progress(step, 3));
		}
	}

	@Test
	void messageFramingOnBothSidesCarriesCallsLargeAnswersBatchesAndPushes() throws InterruptedException {
		startServer(Framing.MESSAGE, -1);
		PipeClient client = client(Framing.MESSAGE, WAIT);
		BlockingQueue<Progress> progress = new LinkedBlockingQueue<>();
		client.onNotification("progress", Progress.class, progress::add);
		assertThat(client.call("items.get", List.of("coffee"), Item.class)).isEqualTo(new Item("coffee", 5));
		// Larger than the pipe buffers and the client's 64 KiB read: read in ERROR_MORE_DATA parts.
		String large = "0123456789".repeat(20_000);
		assertThat(client.call("echo", List.of(large), String.class)).isEqualTo(large);
		PipeClient.Batch batch = client.batch();
		CompletableFuture<Integer> sum = batch.call("add", List.of(1, 2), Integer.class);
		CompletableFuture<Item> item = batch.call("items.get", List.of("tea"), Item.class);
		batch.send();
		assertThat(sum).succeedsWithin(WAIT).isEqualTo(3);
		assertThat(item).succeedsWithin(WAIT).isEqualTo(new Item("tea", 3));
		assertThat(client.call("work", List.of(1), String.class)).isEqualTo("done");
		assertThat(progress.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Progress(1, 1));
	}

	@Test
	void connectingToAMissingNamedPipeFailsWithPipeConnectException() {
		PipeClient client = client(Framing.CONTENT_LENGTH, Duration.ofMillis(300));
		long start = System.nanoTime();
		assertThatExceptionOfType(PipeConnectException.class).isThrownBy(client::connect)
			.withMessageContaining(this.address);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
	}

	@Test
	void callOnABusyPipeWaitsForTheInstanceAndSucceedsOnceTheHolderCloses() throws Exception {
		startServer(Framing.CONTENT_LENGTH, 1);
		PipeClient holder = client(Framing.CONTENT_LENGTH, WAIT);
		assertThat(holder.call("echo", List.of("holding"), String.class)).isEqualTo("holding");
		WatchingApi watching = new WatchingApi(clientSide);
		PipeClient waiting = client(watching, Framing.CONTENT_LENGTH, WAIT);
		CompletableFuture<String> answer = CompletableFuture
			.supplyAsync(() -> waiting.call("echo", List.of("my turn"), String.class), this.executor);
		assertThat(watching.waitingForInstance.await(WAIT.toSeconds(), TimeUnit.SECONDS))
			.as("the client waits in WaitNamedPipe")
			.isTrue();
		assertThat(answer).isNotDone();
		holder.close();
		assertThat(answer).succeedsWithin(WAIT).isEqualTo("my turn");
		assertThat(watching.busy.get()).isPositive();
	}

	@Test
	void callOnAPipeThatStaysBusyFailsWithPipeConnectExceptionAfterTheConnectTimeout() {
		startServer(Framing.CONTENT_LENGTH, 1);
		PipeClient holder = client(Framing.CONTENT_LENGTH, WAIT);
		assertThat(holder.call("echo", List.of("holding"), String.class)).isEqualTo("holding");
		WatchingApi watching = new WatchingApi(clientSide);
		PipeClient waiting = client(watching, Framing.CONTENT_LENGTH, Duration.ofMillis(500));
		long start = System.nanoTime();
		assertThatExceptionOfType(PipeConnectException.class)
			.isThrownBy(() -> waiting.call("echo", List.of("never"), String.class))
			.withMessageContaining("500 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
		assertThat(watching.busy.get()).isPositive();
		assertThat(holder.call("echo", List.of("still holding"), String.class)).isEqualTo("still holding");
	}

	@Test
	void cancellingACallInterruptsItsHandler() throws InterruptedException {
		startServer(Framing.CONTENT_LENGTH, -1);
		PipeClient client = client(Framing.CONTENT_LENGTH, WAIT);
		CompletableFuture<String> call = client.callAsync("block", null, String.class);
		assertThat(this.handlers.blockStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		call.cancel(true);
		assertThat(this.handlers.blockInterrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(client.call("echo", List.of("after"), String.class)).isEqualTo("after");
	}

	@Test
	void closingTheClientCancelsItsInFlightHandlerCall() throws InterruptedException {
		startServer(Framing.CONTENT_LENGTH, -1);
		PipeClient client = client(Framing.CONTENT_LENGTH, WAIT);
		CompletableFuture<String> call = client.callAsync("block", null, String.class);
		assertThat(this.handlers.blockStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		client.close();
		assertThatThrownBy(() -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(PipeClosedException.class);
		assertThat(this.handlers.blockInterrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS))
			.as("the handler was interrupted")
			.isTrue();
	}

	@Test
	void serverThatGoesAwayFailsEveryPendingCallWithPipeClosedException() throws InterruptedException {
		TestPipeServer server = startServer(Framing.CONTENT_LENGTH, -1);
		PipeClient client = client(Framing.CONTENT_LENGTH, WAIT);
		List<CompletableFuture<String>> calls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			calls.add(client.callAsync("hold", null, String.class));
		}
		TestPipeServer.await("all calls reached the handler", () -> this.handlers.held.get() == 5);
		server.server().close();
		for (CompletableFuture<String> call : calls) {
			assertThatThrownBy(() -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class)
				.hasCauseInstanceOf(PipeClosedException.class);
		}
		TestPipeServer.await("the client noticed", () -> !client.isConnected());
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
	 * Handlers for calls, pushes, cancellation ({@code block}) and connection loss ({@code hold}).
	 */
	static class Handlers {

		final CountDownLatch blockStarted = new CountDownLatch(1);

		final CountDownLatch blockInterrupted = new CountDownLatch(1);

		final AtomicInteger held = new AtomicInteger();

		final CountDownLatch gate = new CountDownLatch(1);

		@PipeHandler("echoLater")
		String echoLater(String value) throws InterruptedException {
			Thread.sleep(5);
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
				Thread.sleep(60_000);
				return "woke up";
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
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (System.nanoTime() - deadline < 0) {
				try {
					if (this.gate.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
						break;
					}
				}
				catch (InterruptedException ex) {
					// Keep holding: the call must stay unanswered.
				}
			}
			return "released";
		}

	}

	/**
	 * The client bridge, noting when the client finds every instance busy and waits for one.
	 */
	static final class WatchingApi extends DelegatingNamedPipeApi {

		final AtomicInteger busy = new AtomicInteger();

		final CountDownLatch waitingForInstance = new CountDownLatch(1);

		WatchingApi(WineNamedPipeApi delegate) {
			super(delegate);
		}

		@Override
		public long open(String name) throws NamedPipeException {
			try {
				return this.delegate.open(name);
			}
			catch (NamedPipeException ex) {
				if (ex.getErrorCode() == ERROR_PIPE_BUSY) {
					this.busy.incrementAndGet();
				}
				throw ex;
			}
		}

		@Override
		public void awaitInstance(String name, int timeoutMillis) throws NamedPipeException {
			this.waitingForInstance.countDown();
			this.delegate.awaitInstance(name, timeoutMillis);
		}













	}

}
