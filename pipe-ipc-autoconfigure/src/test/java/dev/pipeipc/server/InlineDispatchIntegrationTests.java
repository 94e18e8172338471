package dev.pipeipc.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;

import static dev.pipeipc.server.PipeTestClient.frame;
import static dev.pipeipc.server.PipeTestClient.notification;
import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages handled on the I/O thread that read them, on Unix sockets: a short call runs there;
 * a handler that blocks or computes for long has its selector loop handed over to a new thread
 * within milliseconds, so
 * every other connection keeps being served, the blocked call still answers, and its connection
 * is read meanwhile (a cancel reaches it); messages pipelined in one write still run concurrently.
 */
class InlineDispatchIntegrationTests {

	/** More connections than a machine of this kind has I/O loops, so some share the blocked one's. */
	private static final int OTHER_CONNECTIONS = 8;

	/** Far more than a hand-over takes, far less than the blocked handler waits. */
	private static final Duration PROMPT = Duration.ofSeconds(1);

	@TempDir
	Path directory;

	private final Handlers handlers = new Handlers();

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private TestPipeServer server;

	@BeforeEach
	void startServer() {
		this.server = this.resources.add(TestPipeServer.on(this.directory.resolve("inline.sock")).handlers(this.handlers).start());
	}

	@AfterEach
	void releaseHandlers() {
		this.handlers.release.countDown();
	}

	private PipeTestClient connect() throws IOException {
		return this.resources.add(this.server.connect());
	}

	@Test
	void shortCallRunsOnTheIoThreadThatReadIt() throws IOException {
		JsonNode reply = connect().call(request(1, "threadName", null));
		assertThat(reply.get("result").asString()).contains("-io-");
	}

	@Test
	void blockingHandlerDoesNotStallOtherConnections() throws Exception {
		PipeTestClient blocked = connect();
		List<PipeTestClient> others = new ArrayList<>();
		for (int i = 0; i < OTHER_CONNECTIONS; i++) {
			others.add(connect());
		}
		blocked.send(request(1, "block", null));
		assertThat(this.handlers.blocking.await(5, TimeUnit.SECONDS)).as("the handler started").isTrue();
		for (int i = 0; i < OTHER_CONNECTIONS; i++) {
			JsonNode reply = others.get(i).timeout(PROMPT).call(request(i, "echo", "[\"other-" + i + "\"]"));
			assertThat(reply.get("result").asString()).isEqualTo("other-" + i);
		}
		this.handlers.release.countDown();
		assertThat(blocked.receiveJson().get("result").asString()).isEqualTo("released");
		assertThat(blocked.call(request(2, "echo", "[\"again\"]")).get("result").asString()).isEqualTo("again");
	}

	@Test
	void handlerThatComputesForLongIsHandedOverToo() throws Exception {
		PipeTestClient busy = connect();
		PipeTestClient other = connect();
		busy.send(request(1, "spin", "[3000]"));
		assertThat(this.handlers.blocking.await(5, TimeUnit.SECONDS)).as("the handler started").isTrue();
		long start = System.nanoTime();
		JsonNode reply = other.timeout(PROMPT).call(request(2, "echo", "[\"while spinning\"]"));
		assertThat(reply.get("result").asString()).isEqualTo("while spinning");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
		this.handlers.release.countDown();
		assertThat(busy.receiveJson().get("result").asString()).isEqualTo("stopped");
	}

	@Test
	void connectionOfABlockedHandlerIsStillReadSoACancelReachesIt() throws Exception {
		PipeTestClient client = connect();
		client.send(request(7, "blockUntilInterrupted", null));
		assertThat(this.handlers.blocking.await(5, TimeUnit.SECONDS)).as("the handler started").isTrue();
		client.send(notification("$/cancelRequest", "{\"id\":7}"));
		JsonNode reply = client.timeout(PROMPT).receiveJson();
		assertThat(reply.get("id").asInt()).isEqualTo(7);
		assertThat(reply.get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.REQUEST_CANCELLED);
		assertThat(this.handlers.interrupted.await(5, TimeUnit.SECONDS)).as("the handler was interrupted").isTrue();
	}

	@Test
	void blockingMessageLastInOneWriteDoesNotHoldBackTheOnesBeforeIt() throws Exception {
		PipeTestClient client = connect();
		ByteArrayOutputStream write = new ByteArrayOutputStream();
		write.writeBytes(frame(Framing.CONTENT_LENGTH, request(1, "echo", "[\"first\"]")));
		write.writeBytes(frame(Framing.CONTENT_LENGTH, request(2, "block", null)));
		client.sendRaw(write.toByteArray());
		JsonNode reply = client.timeout(PROMPT).receiveJson();
		assertThat(reply.get("id").asInt()).isEqualTo(1);
		this.handlers.release.countDown();
		assertThat(client.receiveJson().get("id").asInt()).isEqualTo(2);
	}

	@Test
	void blockingMessageFirstInOneWriteDoesNotHoldBackTheOnesAfterIt() throws Exception {
		PipeTestClient client = connect();
		ByteArrayOutputStream write = new ByteArrayOutputStream();
		write.writeBytes(frame(Framing.CONTENT_LENGTH, request(1, "block", null)));
		write.writeBytes(frame(Framing.CONTENT_LENGTH, request(2, "echo", "[\"second\"]")));
		client.sendRaw(write.toByteArray());
		JsonNode reply = client.timeout(PROMPT).receiveJson();
		assertThat(reply.get("id").asInt()).isEqualTo(2);
		this.handlers.release.countDown();
		assertThat(client.receiveJson().get("id").asInt()).isEqualTo(1);
	}

	@Test
	void loopKeepsServingAfterManyHandOvers() throws Exception {
		PipeTestClient client = connect();
		PipeTestClient other = connect();
		for (int i = 0; i < 5; i++) {
			JsonNode slow = client.call(request(i, "sleep", "[20]"));
			assertThat(slow.get("result").asInt()).isEqualTo(20);
			JsonNode fast = other.timeout(PROMPT).call(request(i, "echo", "[\"fast-" + i + "\"]"));
			assertThat(fast.get("result").asString()).isEqualTo("fast-" + i);
		}
		// Once the 100 ms after the last hand-over (when every message goes to workers) have passed,
		// short calls run inline again.
		PipeTestClient probe = connect();
		Awaitility.await("short calls run inline again").atMost(Duration.ofSeconds(5))
			.pollDelay(Duration.ofMillis(100))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(probe.call(request(1, "threadName", null)).get("result").asString())
				.contains("-io-"));
	}

	static class Handlers {

		final CountDownLatch blocking = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final CountDownLatch interrupted = new CountDownLatch(1);

		@PipeHandler("threadName")
		String threadName() {
			return Thread.currentThread().getName();
		}

		@PipeHandler("block")
		String block() throws InterruptedException {
			this.blocking.countDown();
			this.release.await(30, TimeUnit.SECONDS);
			return "released";
		}

		@PipeHandler("blockUntilInterrupted")
		String blockUntilInterrupted() {
			this.blocking.countDown();
			try {
				Thread.sleep(30_000);
				return "not interrupted";
			}
			catch (InterruptedException ex) {
				this.interrupted.countDown();
				return "interrupted";
			}
		}

		@PipeHandler("spin")
		String spin(long millis) {
			// Runnable all along, as a handler that computes: never waits on anything.
			this.blocking.countDown();
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
			while (System.nanoTime() < end && this.release.getCount() > 0) {
				Thread.onSpinWait();
			}
			return "stopped";
		}

		@PipeHandler("sleep")
		int sleep(int millis) throws InterruptedException {
			Thread.sleep(millis);
			return millis;
		}

	}

}
