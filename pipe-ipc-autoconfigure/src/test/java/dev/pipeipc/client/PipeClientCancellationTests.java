package dev.pipeipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;

import static dev.pipeipc.server.PipeTestClient.notification;
import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cancellation between the {@link PipeClient} and a real server over a Unix domain socket: a
 * request timeout fails the call with {@link PipeTimeoutException} and sends
 * {@code $/cancelRequest}, which interrupts the handler; cancelling a returned future interrupts a
 * handler blocked in {@link Thread#sleep} and cancels the {@link CompletableFuture} an asynchronous
 * handler returned; a {@code $/cancelRequest} written by hand (raw JSON through
 * {@link PipeTestClient}) for an in-flight request is answered with {@code -32800}, and one for an
 * unknown id is ignored; a client that disconnects gets its in-flight handler calls cancelled; and
 * after any of these the client keeps working, later answers matched to the right calls.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeClientCancellationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	private final Handlers handlers = new Handlers();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private TestPipeServer server;

	@BeforeEach
	void startServer() {
		this.server = TestPipeServer.on(this.directory.resolve("cancel.sock")).name("cancel")
			.handlers(this.handlers)
			.start();
	}

	@AfterEach
	void closeResources() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		// Not stop(): it would wait for handlers that still sleep. close() interrupts them.
		this.server.server().close();
	}

	private <T extends AutoCloseable> T open(T resource) {
		this.resources.add(resource);
		return resource;
	}

	private PipeClient client(PipeClient.Builder builder) {
		return open(builder.build());
	}

	private PipeClient.Builder clientBuilder() {
		return PipeClient.builder(this.server.socket().toString());
	}

	private static void awaitLatch(CountDownLatch latch, String what) throws InterruptedException {
		assertThat(latch.await(10, TimeUnit.SECONDS)).as(what).isTrue();
	}

	@Test
	void requestTimeoutFailsTheCallWithPipeTimeoutException() {
		PipeClient client = client(clientBuilder().requestTimeout(Duration.ofMillis(200)));
		long start = System.nanoTime();
		assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(() -> client.call("block", null, String.class))
			.withMessageContaining("block")
			.withMessageContaining("200 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
	}

	@Test
	void requestTimeoutSendsCancelRequestSoTheServerInterruptsTheHandler() throws InterruptedException {
		PipeClient client = client(clientBuilder().requestTimeout(Duration.ofMillis(200)));
		CompletableFuture<String> call = client.callAsync("block", null, String.class);
		awaitLatch(this.handlers.blockStarted, "the handler started");
		assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(PipeTimeoutException.class);
		awaitLatch(this.handlers.blockInterrupted, "the handler was interrupted");
		TestPipeServer.await("the cancelled request is finished", () -> this.server.server().getPendingRequests() == 0);
		assertThat(client.call("echo", List.of("after the timeout"), String.class)).isEqualTo("after the timeout");
	}

	@Test
	void callsAnsweredWithinTheRequestTimeoutSucceed() {
		PipeClient client = client(clientBuilder().requestTimeout(Duration.ofSeconds(10)));
		for (int i = 0; i < 20; i++) {
			assertThat(client.call("echo", List.of("quick-" + i), String.class)).isEqualTo("quick-" + i);
		}
	}

	@Test
	void cancellingTheFutureInterruptsASyncHandlerBlockedInSleep() throws InterruptedException {
		PipeClient client = client(clientBuilder());
		CompletableFuture<String> call = client.callAsync("block", null, String.class);
		awaitLatch(this.handlers.blockStarted, "the handler started");
		assertThat(call.cancel(true)).isTrue();
		assertThat(call).isCancelled();
		awaitLatch(this.handlers.blockInterrupted, "the handler was interrupted");
		TestPipeServer.await("the cancelled request is finished", () -> this.server.server().getPendingRequests() == 0);
	}

	@Test
	void cancellingTheFutureCancelsTheFutureOfAnAsyncHandler() throws InterruptedException {
		PipeClient client = client(clientBuilder());
		CompletableFuture<String> call = client.callAsync("blockAsync", null, String.class);
		awaitLatch(this.handlers.asyncStarted, "the handler returned its future");
		call.cancel(true);
		awaitLatch(this.handlers.asyncDone, "the handler's future completed");
		assertThat(this.handlers.asyncResult).isCancelled();
	}

	@Test
	void clientKeepsWorkingAfterACancelledCallAndIgnoresItsLateAnswer() throws InterruptedException {
		PipeClient client = client(clientBuilder());
		CompletableFuture<String> call = client.callAsync("block", null, String.class);
		awaitLatch(this.handlers.blockStarted, "the handler started");
		call.cancel(true);
		awaitLatch(this.handlers.blockInterrupted, "the handler was interrupted");
		// The server answers the cancelled id with -32800; the client has forgotten it.
		for (int i = 0; i < 10; i++) {
			assertThat(client.call("echo", List.of(i), Integer.class)).isEqualTo(i);
		}
		assertThatThrownBy(call::join).isInstanceOf(CancellationException.class);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void interruptingAThreadWaitingInCallCancelsTheRequest() throws Exception {
		PipeClient client = client(clientBuilder());
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			try {
				client.call("block", null, String.class);
				failure.complete(null);
			}
			catch (RuntimeException ex) {
				failure.complete(ex);
			}
		}, "interrupted-caller");
		caller.start();
		awaitLatch(this.handlers.blockStarted, "the handler started");
		caller.interrupt();
		assertThat(failure).succeedsWithin(WAIT)
			.isInstanceOf(PipeClientException.class);
		awaitLatch(this.handlers.blockInterrupted, "the handler was interrupted");
	}

	@Test
	void cancelRequestWrittenByHandIsAnsweredWithRequestCancelled() throws Exception {
		PipeTestClient raw = open(this.server.connect());
		raw.send(request(7, "block", null));
		awaitLatch(this.handlers.blockStarted, "the handler started");
		raw.send(notification(PipeClient.CANCEL_METHOD, "{\"id\":7}"));
		JsonNode answer = raw.receiveJson();
		assertThat(answer.get("id").asInt()).isEqualTo(7);
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.REQUEST_CANCELLED)
			.isEqualTo(-32800);
		assertThat(answer.has("result")).isFalse();
		awaitLatch(this.handlers.blockInterrupted, "the handler was interrupted");
	}

	@Test
	void cancelRequestWrittenByHandForAStringIdIsAnsweredWithRequestCancelled() throws Exception {
		PipeTestClient raw = open(this.server.connect());
		raw.send(request("job-1", "blockAsync", null));
		awaitLatch(this.handlers.asyncStarted, "the handler returned its future");
		raw.send(notification(PipeClient.CANCEL_METHOD, "{\"id\":\"job-1\"}"));
		JsonNode answer = raw.receiveJson();
		assertThat(answer.get("id").asString()).isEqualTo("job-1");
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.REQUEST_CANCELLED);
		assertThat(this.handlers.asyncResult).isCancelled();
	}

	@Test
	void cancelRequestForAnUnknownIdIsIgnored() throws Exception {
		PipeTestClient raw = open(this.server.connect());
		raw.send(notification(PipeClient.CANCEL_METHOD, "{\"id\":99}"));
		JsonNode answer = raw.call(request(1, "echo", "[\"still here\"]"));
		assertThat(answer.get("id").asInt()).isEqualTo(1);
		assertThat(answer.get("result").asString()).isEqualTo("still here");
	}

	@Test
	void clientThatDisconnectsGetsItsInFlightHandlerCallsCancelled() throws InterruptedException {
		PipeClient client = client(clientBuilder());
		CompletableFuture<String> sync = client.callAsync("block", null, String.class);
		CompletableFuture<String> async = client.callAsync("blockAsync", null, String.class);
		awaitLatch(this.handlers.blockStarted, "the sync handler started");
		awaitLatch(this.handlers.asyncStarted, "the async handler returned its future");
		client.close();
		assertThat(sync).isCompletedExceptionally();
		assertThat(async).isCompletedExceptionally();
		awaitLatch(this.handlers.blockInterrupted, "the sync handler was interrupted");
		awaitLatch(this.handlers.asyncDone, "the async handler's future completed");
		assertThat(this.handlers.asyncResult).isCancelled();
	}

	/**
	 * Handlers that block until cancelled: {@code block} sleeps, {@code blockAsync} returns a future
	 * that never completes by itself.
	 */
	static class Handlers {

		final CountDownLatch blockStarted = new CountDownLatch(1);

		final CountDownLatch blockInterrupted = new CountDownLatch(1);

		final CountDownLatch asyncStarted = new CountDownLatch(1);

		final CountDownLatch asyncDone = new CountDownLatch(1);

		final CompletableFuture<String> asyncResult = new CompletableFuture<>();

		Handlers() {
			this.asyncResult.whenComplete((value, ex) -> this.asyncDone.countDown());
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

		@PipeHandler("blockAsync")
		CompletableFuture<String> blockAsync() {
			this.asyncStarted.countDown();
			return this.asyncResult;
		}

	}

}
