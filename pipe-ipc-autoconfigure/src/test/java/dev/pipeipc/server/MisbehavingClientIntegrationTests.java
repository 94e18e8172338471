package dev.pipeipc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pipeipc.codec.Framing;

import static dev.pipeipc.server.PipeTestClient.ascii;
import static dev.pipeipc.server.PipeTestClient.concat;
import static dev.pipeipc.server.PipeTestClient.request;
import static dev.pipeipc.server.PipeTestClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that do not play along, over real sockets: one that stalls in the middle of a frame,
 * one that stays silent past the idle timeout (with and without a half-sent frame), one that
 * vanishes while its request is in progress or its frame is half sent, one that half-closes, and
 * one that pipelines large requests without reading the replies. None of them may block or break
 * the server for other clients.
 */
class MisbehavingClientIntegrationTests {

	private final LaterHandler handlers = new LaterHandler();

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private TestPipeServer.Builder server() {
		return TestPipeServer.on(this.resources.socket("rude.sock")).name("rude").handlers(this.handlers);
	}

	@Test
	void clientStalledInTheMiddleOfAFrameDoesNotBlockOtherClients() throws IOException {
		TestPipeServer server = this.resources.add(server().start());
		PipeTestClient staller = this.resources.add(server.connect());
		byte[] body = utf8(request("stalled", "echo", "[\"resumed\"]"));
		byte[] frame = concat(ascii("Content-Length: " + body.length + "\r\n\r\n"), body);
		staller.sendRaw(Arrays.copyOf(frame, 30));
		for (int i = 0; i < 3; i++) {
			server.assertServesNewConnections();
		}
		staller.sendRaw(Arrays.copyOfRange(frame, 30, frame.length));
		assertThat(staller.receiveJson().get("result").asString()).isEqualTo("resumed");
	}

	@Test
	void halfSentFrameIsClosedAfterTheIdleTimeout() throws IOException {
		TestPipeServer server = this.resources.add(server().idleTimeout(Duration.ofMillis(300)).start());
		PipeTestClient staller = this.resources.add(PipeTestClient.connect(server.socket(), Framing.CONTENT_LENGTH, Duration.ofSeconds(2)));
		staller.sendRaw("Content-Length: 100\r\n\r\n{\"jsonrpc\":");
		staller.awaitClose();
		server.assertServesNewConnections();
	}

	@Test
	void quietConnectionIsClosedAfterTheIdleTimeout() throws IOException {
		TestPipeServer server = this.resources.add(server().idleTimeout(Duration.ofMillis(300)).start());
		PipeTestClient quiet = this.resources.add(PipeTestClient.connect(server.socket(), Framing.CONTENT_LENGTH, Duration.ofSeconds(2)));
		assertThat(quiet.call(request(1, "echo", "[1]")).get("result").asInt()).isEqualTo(1);
		quiet.awaitClose();
		PipeTestClient silent = this.resources.add(PipeTestClient.connect(server.socket(), Framing.CONTENT_LENGTH, Duration.ofSeconds(2)));
		silent.awaitClose();
		server.assertServesNewConnections();
	}

	@Test
	void requestInProgressKeepsItsConnectionOpenPastTheIdleTimeout() throws Exception {
		TestPipeServer server = this.resources.add(server().idleTimeout(Duration.ofMillis(300)).start());
		PipeTestClient client = this.resources.add(server.connect());
		client.send(request("long", "later", null));
		CompletableFuture<String> pending = this.handlers.next();
		// A connection quiet for less time than this one is closed: the idle sweep has passed over
		// this one too, and spared it for its request in progress.
		PipeTestClient quieter = this.resources.add(
				PipeTestClient.connect(server.socket(), Framing.CONTENT_LENGTH, Duration.ofSeconds(5)));
		quieter.awaitClose();
		pending.complete("worth the wait");
		assertThat(client.receiveJson().get("result").asString()).isEqualTo("worth the wait");
	}

	@Test
	void clientThatVanishesMidRequestDoesNotBreakTheServer() throws Exception {
		TestPipeServer server = this.resources.add(server().start());
		PipeTestClient client = server.connect();
		client.send(request(1, "later", null));
		CompletableFuture<String> pending = this.handlers.next();
		client.close();
		pending.complete("nobody listens");
		TestPipeServer.await("the orphaned request is finished", () -> server.server().getPendingRequests() == 0);
		server.assertServesNewConnections();
		assertThat(server.server().isRunning()).isTrue();
	}

	@Test
	void clientThatVanishesMidFrameDoesNotBreakTheServer() throws IOException {
		TestPipeServer server = this.resources.add(server().start());
		for (int i = 0; i < 5; i++) {
			try (PipeTestClient client = server.connect()) {
				client.sendRaw("Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",");
			}
		}
		server.assertServesNewConnections();
	}

	@Test
	void clientThatHalfClosesStillGetsItsRepliesThenTheConnectionCloses() throws IOException {
		TestPipeServer server = this.resources.add(server().start());
		PipeTestClient client = this.resources.add(server.connect());
		client.send(request(1, "echo", "[1]"));
		client.send(request(2, "echo", "[2]"));
		client.shutdownOutput();
		Set<Integer> results = new HashSet<>();
		results.add(client.receiveJson().get("result").asInt());
		results.add(client.receiveJson().get("result").asInt());
		assertThat(results).containsExactlyInAnyOrder(1, 2);
		assertThat(client.awaitClose()).isEmpty();
	}

	@Test
	void slowReaderPipeliningLargeRequestsDoesNotBlockOtherClients() throws Exception {
		TestPipeServer server = this.resources.add(server().start());
		PipeTestClient slow = this.resources.add(PipeTestClient.connect(server.socket(), Framing.CONTENT_LENGTH, Duration.ofSeconds(30)));
		String big = "x".repeat(64 * 1024);
		int requests = 200;
		AtomicInteger sent = new AtomicInteger();
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
			try {
				for (int i = 0; i < requests; i++) {
					slow.send(request(i, "echo", "[\"" + big + "\"]"));
					sent.incrementAndGet();
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		// Several megabytes of requests, and so of replies, without the slow client reading any.
		TestPipeServer.await("the slow client has sent 40 large requests", () -> sent.get() >= 40);
		for (int i = 0; i < 3; i++) {
			server.assertServesNewConnections();
		}
		Set<Integer> ids = new HashSet<>();
		for (int i = 0; i < requests; i++) {
			var reply = slow.receiveJson();
			assertThat(reply.get("result").asString().length()).isEqualTo(big.length());
			ids.add(reply.get("id").asInt());
		}
		writer.get(30, TimeUnit.SECONDS);
		assertThat(ids).hasSize(requests);
	}

}
