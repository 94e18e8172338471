package dev.pipeipc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;

import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that closes its socket (or whose process ends) while its requests are handled is
 * gone: nobody will read their replies, so the server cancels them, as {@code $/cancelRequest}
 * would. A client that only shut its sending side still reads, so it still gets its answers.
 * Both read as end of stream to the JDK; on Linux the server asks the socket which one it is.
 * Before, every end of stream was taken for a half-close: 20 killed clients' handlers all ran on.
 */
@EnabledOnOs(OS.LINUX)
class PeerDisconnectIntegrationTests {

	private static final int CLIENTS = 20;

	@TempDir
	Path directory;

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private final Handlers handlers = new Handlers(CLIENTS);

	private TestPipeServer server;

	@BeforeEach
	void startServer() {
		this.server = this.resources
			.add(TestPipeServer.on(this.directory.resolve("peers.sock")).handlers(this.handlers).start());
	}

	@AfterEach
	void releaseHandlers() {
		this.handlers.release.countDown();
	}

	@Test
	void twentyClientsThatCloseDuringASlowCallHaveEveryHandlerCancelled() throws Exception {
		List<PipeTestClient> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			PipeTestClient client = this.resources.add(this.server.connect());
			client.send(request(i, "slow", null));
			clients.add(client);
		}
		assertThat(this.handlers.started.await(10, TimeUnit.SECONDS)).as("all 20 handlers started").isTrue();
		for (PipeTestClient client : clients) {
			client.close();
		}
		assertThat(this.handlers.cancelled.await(10, TimeUnit.SECONDS))
			.as("handlers interrupted, " + this.handlers.cancelled.getCount() + " still running")
			.isTrue();
		assertThat(this.handlers.finishedUninterrupted).hasValue(0);
		this.server.assertServesNewConnections();
	}

	@Test
	void clientThatShutItsSendingSideStillGetsItsAnswer() throws Exception {
		PipeTestClient client = this.resources.add(this.server.connect());
		client.send(request(1, "answerAfter", "[300]"));
		client.shutdownOutput();
		JsonNode reply = client.receiveJson();
		assertThat(reply.get("id").asInt()).isEqualTo(1);
		assertThat(reply.get("result").asString()).isEqualTo("answered after 300 ms");
		assertThat(client.awaitClose()).as("end of stream after the answer").isEmpty();
	}

	@Test
	void clientThatShutItsSendingSideAndThenClosesHasItsHandlerCancelled() throws Exception {
		PipeTestClient client = this.resources.add(this.server.connect());
		client.send(request(1, "slow", null));
		assertThat(this.handlers.firstStarted.await(10, TimeUnit.SECONDS)).as("the handler started").isTrue();
		client.shutdownOutput();
		client.close();
		assertThat(this.handlers.firstCancelled.await(10, TimeUnit.SECONDS)).as("the handler was interrupted")
			.isTrue();
	}

	static class Handlers {

		final CountDownLatch started;

		final CountDownLatch cancelled;

		final CountDownLatch firstStarted = new CountDownLatch(1);

		final CountDownLatch firstCancelled = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger finishedUninterrupted = new AtomicInteger();

		Handlers(int clients) {
			this.started = new CountDownLatch(clients);
			this.cancelled = new CountDownLatch(clients);
		}

		@PipeHandler("slow")
		String slow() {
			this.started.countDown();
			this.firstStarted.countDown();
			try {
				this.release.await(60, TimeUnit.SECONDS);
				this.finishedUninterrupted.incrementAndGet();
				return "not cancelled";
			}
			catch (InterruptedException ex) {
				this.cancelled.countDown();
				this.firstCancelled.countDown();
				return "cancelled";
			}
		}

		@PipeHandler("answerAfter")
		String answerAfter(long millis) throws InterruptedException {
			// The handler's own work, long enough for the server to read the end of stream first.
			Thread.sleep(millis);
			return "answered after " + millis + " ms";
		}

	}

}
