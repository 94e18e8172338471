package dev.pipeipc.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcMethods;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;

import static dev.pipeipc.server.PipeTestClient.notification;
import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cancellation between the {@link PipeClient} and a real server over a Unix domain socket, beyond
 * the {@link PipeClientContractTests contract}: a request timeout failing the call with
 * {@link PipeTimeoutException}; cancelling a returned future cancelling the
 * {@link CompletableFuture} an asynchronous handler returned; interrupting a thread waiting in
 * {@code call}; a {@code $/cancelRequest} written by hand (raw JSON through {@link PipeTestClient})
 * for an in-flight request answered with {@code -32800}, one for an unknown id ignored; a client
 * that disconnects getting its in-flight handler calls cancelled, asynchronous ones included; and
 * after any of these the client keeps working, later answers matched to the right calls.
 */
class PipeClientCancellationTests extends SocketClientTestSupport {

	private final Handlers handlers = new Handlers();

	private TestPipeServer server;

	@BeforeEach
	void setUp() {
		this.server = startServer("cancel", this.handlers);
	}

	private PipeClient.Builder clientBuilder() {
		return clientOf(this.server);
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
	void callsAnsweredWithinTheRequestTimeoutSucceed() {
		PipeClient client = client(clientBuilder().requestTimeout(Duration.ofSeconds(10)));
		for (int i = 0; i < 20; i++) {
			assertThat(client.call("echo", List.of("quick-" + i), String.class)).isEqualTo("quick-" + i);
		}
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
		PipeTestClient raw = this.closeables.add(this.server.connect());
		raw.send(request(7, "block", null));
		awaitLatch(this.handlers.blockStarted, "the handler started");
		raw.send(notification(JsonRpcMethods.CANCEL_REQUEST, "{\"id\":7}"));
		JsonNode answer = raw.receiveJson();
		assertThat(answer.get("id").asInt()).isEqualTo(7);
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.REQUEST_CANCELLED)
			.isEqualTo(-32800);
		assertThat(answer.has("result")).isFalse();
		awaitLatch(this.handlers.blockInterrupted, "the handler was interrupted");
	}

	@Test
	void cancelRequestWrittenByHandForAStringIdIsAnsweredWithRequestCancelled() throws Exception {
		PipeTestClient raw = this.closeables.add(this.server.connect());
		raw.send(request("job-1", "blockAsync", null));
		awaitLatch(this.handlers.asyncStarted, "the handler returned its future");
		raw.send(notification(JsonRpcMethods.CANCEL_REQUEST, "{\"id\":\"job-1\"}"));
		JsonNode answer = raw.receiveJson();
		assertThat(answer.get("id").asString()).isEqualTo("job-1");
		assertThat(answer.get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.REQUEST_CANCELLED);
		assertThat(this.handlers.asyncResult).isCancelled();
	}

	@Test
	void cancelRequestForAnUnknownIdIsIgnored() throws Exception {
		PipeTestClient raw = this.closeables.add(this.server.connect());
		raw.send(notification(JsonRpcMethods.CANCEL_REQUEST, "{\"id\":99}"));
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
	 * The contract's handlers ({@code block} waits until interrupted), and {@code blockAsync}, which
	 * returns a future that never completes by itself.
	 */
	static class Handlers extends PipeClientContractTests.Handlers {

		final CountDownLatch asyncStarted = new CountDownLatch(1);

		final CountDownLatch asyncDone = new CountDownLatch(1);

		final CompletableFuture<String> asyncResult = new CompletableFuture<>();

		Handlers() {
			this.asyncResult.whenComplete((value, ex) -> this.asyncDone.countDown());
		}

		@PipeHandler("blockAsync")
		CompletableFuture<String> blockAsync() {
			this.asyncStarted.countDown();
			return this.asyncResult;
		}

	}

}
