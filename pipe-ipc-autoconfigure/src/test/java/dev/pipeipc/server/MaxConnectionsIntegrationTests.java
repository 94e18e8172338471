package dev.pipeipc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;

import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection limit ({@code maxConnections}) over real sockets: a client over the limit gets a
 * {@code -32000} error naming the pipe quickly and is then disconnected, while the admitted clients
 * keep being served; once an admitted client disconnects, a new client is served again.
 */
class MaxConnectionsIntegrationTests {

	@TempDir
	Path directory;

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private TestPipeServer server;

	@BeforeEach
	void startServer() {
		this.server = this.resources.add(TestPipeServer.on(this.directory.resolve("limited.sock")).name("limited").maxConnections(2)
			.start());
	}

	@Test
	void thirdConcurrentClientIsRefusedQuicklyThenDisconnected() throws IOException {
		PipeTestClient first = this.resources.add(this.server.connect());
		PipeTestClient second = this.resources.add(this.server.connect());
		assertServed(first, 1);
		assertServed(second, 2);
		long start = System.nanoTime();
		PipeTestClient third = this.resources.add(
				PipeTestClient.connect(this.server.socket(), Framing.CONTENT_LENGTH, Duration.ofSeconds(2)));
		JsonNode refusal = third.receiveJson();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(refusal.get("id").isNull()).isTrue();
		assertThat(refusal.get("error").get("code").asInt()).isEqualTo(-32000);
		assertThat(refusal.get("error").get("data").get("reason").asString()).contains("limited").contains("2");
		third.awaitClose();
		assertServed(first, 3);
		assertServed(second, 4);
	}

	@Test
	void refusedClientThatAlreadySentARequestReadsTheRefusalThenEndOfFile() throws IOException {
		PipeTestClient first = this.resources.add(this.server.connect());
		PipeTestClient second = this.resources.add(this.server.connect());
		assertServed(first, 1);
		assertServed(second, 2);
		PipeTestClient third = this.resources.add(
				PipeTestClient.connect(this.server.socket(), Framing.CONTENT_LENGTH, Duration.ofSeconds(2)));
		// What a refused client sends is read and discarded, so closing never resets the connection
		// (docs/protocol.md, section 2.7): the refusal is followed by a clean end of file.
		third.send(request(3, "echo", "[3]"));
		JsonNode refusal = third.receiveJson();
		assertThat(refusal.get("error").get("code").asInt()).isEqualTo(-32000);
		assertThat(refusal.get("id").isNull()).isTrue();
		assertThat(third.awaitClose()).isEmpty();
		assertThat(third.wasReset()).as("connection reset instead of end of file").isFalse();
		assertServed(first, 4);
	}

	@Test
	void newClientIsServedAfterAnAdmittedClientDisconnects() throws Exception {
		PipeTestClient first = this.server.connect();
		PipeTestClient second = this.resources.add(this.server.connect());
		assertServed(first, 1);
		assertServed(second, 2);
		first.close();
		// The server notices the disconnect on its I/O thread; until then a newcomer is refused.
		Awaitility.await("a newcomer is served").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
			.untilAsserted(() -> {
				try (PipeTestClient newcomer = this.server.connect()) {
					JsonNode reply = newcomer.call(request("newcomer", "echo", "[\"welcome\"]"));
					assertThat(reply.toString()).as("refused while the slot is taken, then served")
						.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"newcomer\",\"result\":\"welcome\"}");
				}
			});
		assertServed(second, 3);
	}

	private static void assertServed(PipeTestClient client, int id) throws IOException {
		assertThat(client.call(request(id, "echo", "[" + id + "]")).toString())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + id + "}");
	}

}
