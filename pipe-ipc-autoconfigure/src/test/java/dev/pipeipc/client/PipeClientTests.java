package dev.pipeipc.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.jsonrpc.JsonRpcMethods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The {@link PipeClient} facade over channels the test hands out ({@link FakeClientChannel}s, no
 * socket): {@code callAsync} while connecting, the order of queued requests, which connection's
 * failure fails which call, reconnecting, and closing while connecting.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeClientTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final Connector connector = new Connector();

	private final List<PipeClient> clients = new ArrayList<>();

	@AfterEach
	void close() {
		this.clients.forEach(PipeClient::close);
	}

	private PipeClient client(PipeClient.Builder builder) {
		PipeClient client = builder.connector(this.connector).build();
		this.clients.add(client);
		return client;
	}

	private PipeClient client() {
		return client(PipeClient.builder("fake").connectTimeout(WAIT));
	}

	private static JsonNode json(String text) {
		return mapper.readTree(text);
	}

	private static void answer(FakeClientChannel channel, JsonNode request, String result) {
		channel.push("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":\"" + result + "\"}");
	}

	@Test
	void callAsyncReturnsWhileConnectingAndSendsTheCallOnceConnected() throws InterruptedException {
		PipeClient client = client();
		CompletableFuture<String> call = client.callAsync("status", null, String.class);
		assertThat(this.connector.attempting.await(10, TimeUnit.SECONDS)).as("a connect attempt runs").isTrue();
		assertThat(call).isNotDone();
		assertThat(client.isConnected()).isFalse();
		FakeClientChannel channel = this.connector.offer();
		JsonNode request = json(channel.nextWritten());
		assertThat(request.get("method").asString()).isEqualTo("status");
		answer(channel, request, "up");
		assertThat(call).succeedsWithin(WAIT).isEqualTo("up");
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void requestsMadeWhileConnectingGoOutInTheOrderTheyWereMade() throws InterruptedException {
		PipeClient client = client();
		for (int i = 0; i < 20; i++) {
			client.callAsync("call-" + i, null, String.class);
		}
		FakeClientChannel channel = this.connector.offer();
		for (int i = 0; i < 20; i++) {
			assertThat(json(channel.nextWritten()).get("method").asString()).isEqualTo("call-" + i);
		}
		assertThat(this.connector.attempts).hasValue(1);
	}

	@Test
	void callSentOnANewConnectionIsNotFailedByTheOldConnectionEnding() throws InterruptedException {
		PipeClient client = client(PipeClient.builder("fake").reconnect(Duration.ofMillis(1), Duration.ofMillis(1)));
		FakeClientChannel old = this.connector.offer();
		old.closeGate = new CountDownLatch(1);
		CompletableFuture<String> onOld = client.callAsync("hold", null, String.class);
		old.nextWritten();
		old.end();
		assertThat(onOld).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeClosedException.class);
		// The old connection is still tearing down (its channel's close blocks) while a new one carries a call.
		CompletableFuture<String> onNew = client.callAsync("status", null, String.class);
		FakeClientChannel current = this.connector.offer();
		JsonNode request = json(current.nextWritten());
		old.closeGate.countDown();
		assertThat(old.closed.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(onNew).isNotDone();
		answer(current, request, "fine");
		assertThat(onNew).succeedsWithin(WAIT).isEqualTo("fine");
	}

	@Test
	void withoutReconnectALostConnectionIsNotReopened() throws InterruptedException {
		PipeClient client = client();
		FakeClientChannel channel = this.connector.offer();
		client.connect();
		channel.end();
		await().atMost(WAIT).until(() -> !client.isConnected());
		assertThat(client.callAsync("status", null, String.class)).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeClosedException.class)
			.withMessageContaining("reconnecting is not enabled");
		assertThat(this.connector.attempts).hasValue(1);
	}

	@Test
	void everyCallWaitingForAFailedAttemptFailsWithItsPipeConnectException() throws InterruptedException {
		PipeClient client = client(PipeClient.builder("fake").connectTimeout(Duration.ofMillis(50)));
		this.connector.refusal = new CountDownLatch(1);
		CompletableFuture<String> first = client.callAsync("first", null, String.class);
		CompletableFuture<String> second = client.callAsync("second", null, String.class);
		this.connector.refusal.countDown();
		assertThat(first).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeConnectException.class);
		Throwable firstFailure = first.handle((result, ex) -> ex).join();
		assertThat(second.handle((result, ex) -> ex).join()).isSameAs(firstFailure);
	}

	@Test
	void callAsyncReturnsAtOnceWhileTheReconnectBackoffRuns() throws InterruptedException {
		PipeClient client = client(PipeClient.builder("fake")
			.connectTimeout(Duration.ofMillis(50))
			.reconnect(Duration.ofSeconds(30), Duration.ofSeconds(30)));
		this.connector.refusal = new CountDownLatch(0);
		assertThat(client.callAsync("first", null, String.class)).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeConnectException.class);
		long start = System.nanoTime();
		CompletableFuture<String> waiting = client.callAsync("second", null, String.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(waiting).isNotDone();
		client.close();
		assertThat(waiting).isCompletedExceptionally();
	}

	@Test
	void closingWhileConnectingFailsTheWaitingCallsAtOnce() throws InterruptedException {
		PipeClient client = client();
		CompletableFuture<String> call = client.callAsync("status", null, String.class);
		assertThat(this.connector.attempting.await(10, TimeUnit.SECONDS)).isTrue();
		client.close();
		assertThat(call).isCompletedExceptionally();
		assertThatThrownBy(call::join).hasCauseInstanceOf(PipeClosedException.class);
		FakeClientChannel late = this.connector.offer();
		assertThat(late.closed.await(10, TimeUnit.SECONDS)).as("the late channel is closed").isTrue();
		assertThat(client.isConnected()).isFalse();
	}

	@Test
	void closingWhileANewConnectionServesTheQueuedCallsFailsThemAtOnce() throws InterruptedException {
		PipeClient client = client();
		CompletableFuture<String> queued = client.callAsync("queued", null, String.class);
		FakeClientChannel channel = new FakeClientChannel();
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		channel.onWrite((json) -> {
			writing.countDown();
			awaitQuietly(release);
		});
		this.connector.channels.add(channel);
		assertThat(writing.await(10, TimeUnit.SECONDS)).as("the queued call is being written").isTrue();
		CompletableFuture<Void> closed = CompletableFuture.runAsync(client::close);
		try {
			assertThat(queued).failsWithin(WAIT)
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(PipeClosedException.class);
		}
		finally {
			release.countDown();
		}
		assertThat(closed).succeedsWithin(WAIT);
		assertThat(channel.closed.await(10, TimeUnit.SECONDS)).isTrue();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void closedClientRefusesNotificationsAndCalls() {
		PipeClient client = client();
		client.close();
		assertThatExceptionOfType(PipeClosedException.class).isThrownBy(() -> client.notify("audit", null))
			.withMessage("Client of pipe 'fake' is closed");
		assertThat(client.callAsync("status", null, String.class)).isCompletedExceptionally();
		assertThat(this.connector.attempts).hasValue(0);
	}

	@Test
	void requestTimeoutFailsTheCallAndCancelsItOnTheServer() throws InterruptedException {
		PipeClient client = client(PipeClient.builder("fake").requestTimeout(Duration.ofMillis(100)));
		FakeClientChannel channel = this.connector.offer();
		CompletableFuture<String> call = client.callAsync("slow", null, String.class);
		long id = json(channel.nextWritten()).get("id").asLong();
		assertThat(call).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeTimeoutException.class)
			.withMessageContaining("Method 'slow' on pipe 'fake' did not answer within 100 ms");
		JsonNode cancel = json(channel.nextWritten());
		assertThat(cancel.get("method").asString()).isEqualTo(JsonRpcMethods.CANCEL_REQUEST);
		assertThat(cancel.get("params").get("id").asLong()).isEqualTo(id);
	}

	@Test
	void callTimedOutWhileConnectingIsNeverSent() throws InterruptedException {
		PipeClient client = client(PipeClient.builder("fake").connectTimeout(WAIT).requestTimeout(Duration.ofMillis(50)));
		CompletableFuture<String> call = client.callAsync("late", null, String.class);
		assertThat(call).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeTimeoutException.class);
		FakeClientChannel channel = this.connector.offer();
		client.notify("marker", null);
		assertThat(json(channel.nextWritten()).get("method").asString()).isEqualTo("marker");
	}

	/**
	 * Hands out the channels the test offers, one per connect attempt, waiting until one is offered
	 * (or refusing at once, like a missing pipe).
	 */
	static final class Connector implements ChannelConnector {

		final BlockingQueue<FakeClientChannel> channels = new LinkedBlockingQueue<>();

		final AtomicInteger attempts = new AtomicInteger();

		final CountDownLatch attempting = new CountDownLatch(1);

		volatile @Nullable CountDownLatch refusal;

		FakeClientChannel offer() {
			FakeClientChannel channel = new FakeClientChannel();
			this.channels.add(channel);
			return channel;
		}

		@Override
		public FakeClientChannel connect(long deadlineNanos) throws IOException {
			this.attempts.incrementAndGet();
			this.attempting.countDown();
			try {
				CountDownLatch refused = this.refusal;
				if (refused != null) {
					refused.await(10, TimeUnit.SECONDS);
					throw new IOException("No such file or directory");
				}
				FakeClientChannel channel = this.channels.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (channel == null) {
					throw new IOException("No channel offered");
				}
				return channel;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}

	}

}
