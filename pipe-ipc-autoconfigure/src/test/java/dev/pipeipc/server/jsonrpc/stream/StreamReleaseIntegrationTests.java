package dev.pipeipc.server.jsonrpc.stream;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;

import static dev.pipeipc.server.PipeTestClient.notification;
import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a stream can be left releases what the handler holds, over a real Unix socket: a
 * publisher that records its cancel, a {@code Stream} that records its {@code onClose}. And the
 * limits: open streams per connection, and the values a server holds for clients that never pull.
 */
class StreamReleaseIntegrationTests {

	private static final StreamSettings SETTINGS = new StreamSettings(2, 4, 2, 3, Duration.ofMinutes(5));

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private final StreamHandlers handlers = new StreamHandlers();

	private StreamingServer start(StreamSettings settings) {
		return this.resources
			.add(StreamingServer.start(this.resources.socket("streams.sock"), settings, this.handlers));
	}

	private PipeTestClient connect(StreamingServer server) throws IOException {
		return this.resources.add(server.connect());
	}

	@Test
	void abortCancelsThePublisherAndForgetsTheToken() throws Exception {
		PipeTestClient client = connect(start(SETTINGS));
		assertThat(result(client, 1, "numbers.endless", null)).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		client.send(notification("$/enumerator/abort", "[1]"));
		TestPipeServer.await("the publisher is cancelled", () -> this.handlers.cancelled.get() == 1);
		assertThat(error(client, 2, "$/enumerator/next", "[1]")).isEqualTo(-32001);
	}

	@Test
	void abortAsARequestIsAnsweredWithNull() throws Exception {
		PipeTestClient client = connect(start(SETTINGS));
		result(client, 1, "numbers.endlessStream", null);
		assertThat(result(client, 2, "$/enumerator/abort", "{\"token\":1}")).isEqualTo("null");
		assertThat(this.handlers.streamsClosed).hasValue(1);
	}

	@Test
	void cancellingTheOriginalRequestCancelsItsStream() throws Exception {
		PipeTestClient client = connect(start(SETTINGS));
		result(client, 7, "numbers.endless", null);
		result(client, 8, "numbers.endlessStream", null);
		client.send(notification("$/cancelRequest", "{\"id\":7}"));
		client.send(notification("$/cancelRequest", "{\"id\":8}"));
		TestPipeServer.await("the publisher is cancelled", () -> this.handlers.cancelled.get() == 1);
		TestPipeServer.await("the stream is closed", () -> this.handlers.streamsClosed.get() == 1);
		assertThat(error(client, 9, "$/enumerator/next", "[1]")).isEqualTo(-32001);
	}

	@Test
	void disconnectCancelsEveryStreamOfTheConnection() throws Exception {
		StreamingServer server = start(SETTINGS);
		try (PipeTestClient client = server.connect()) {
			result(client, 1, "numbers.endless", null);
			result(client, 2, "numbers.endlessStream", null);
		}
		TestPipeServer.await("the publisher is cancelled", () -> this.handlers.cancelled.get() == 1);
		TestPipeServer.await("the stream is closed", () -> this.handlers.streamsClosed.get() == 1);
		TestPipeServer.await("no stream is open",
				() -> server.server().getStatistics().getOpenStreams() == 0);
	}

	@Test
	void idleTimeoutCancelsAStreamTheClientStoppedPulling() throws Exception {
		PipeTestClient client = connect(start(new StreamSettings(2, 4, 2, 3, Duration.ofMillis(200))));
		result(client, 1, "numbers.endless", null);
		result(client, 2, "numbers.endlessStream", null);
		TestPipeServer.await("the publisher is cancelled", () -> this.handlers.cancelled.get() == 1);
		TestPipeServer.await("the stream is closed", () -> this.handlers.streamsClosed.get() == 1);
		assertThat(error(client, 3, "$/enumerator/next", "[1]")).isEqualTo(-32001);
	}

	@Test
	void serverStopCancelsOpenStreams() throws Exception {
		StreamingServer server = start(SETTINGS);
		PipeTestClient client = connect(server);
		result(client, 1, "numbers.endless", null);
		result(client, 2, "numbers.endlessStream", null);
		server.server().stop();
		TestPipeServer.await("the publisher is cancelled", () -> this.handlers.cancelled.get() == 1);
		TestPipeServer.await("the stream is closed", () -> this.handlers.streamsClosed.get() == 1);
	}

	@Test
	void connectionPastItsOpenStreamLimitIsRefusedUntilOneEnds() throws Exception {
		StreamingServer server = start(SETTINGS);
		PipeTestClient client = connect(server);
		for (int id = 1; id <= 3; id++) {
			result(client, id, "numbers.endless", null);
		}
		JsonNode refused = client.call(request(4, "numbers.endless", null)).get("error");
		assertThat(refused.get("code").asInt()).isEqualTo(-32000);
		assertThat(refused.get("message").asString()).startsWith("Too many open streams: this connection has 3 open");
		assertThat(this.handlers.subscribed).hasValue(3);
		assertThat(result(client, 5, "$/enumerator/abort", "[2]")).isEqualTo("null");
		assertThat(result(client, 6, "numbers.endless", null)).isEqualTo("{\"token\":4,\"values\":[0,1]}");
		assertThat(server.server().getStatistics().getOpenStreams()).isEqualTo(3);
		assertThat(result(connect(server), 1, "numbers.endless", null)).as("another connection has its own limit")
			.isEqualTo("{\"token\":1,\"values\":[0,1]}");
	}

	@Test
	void clientsThatOpenStreamsAndNeverPullHoldOnlyWhatReadAheadAllows() throws Exception {
		StreamingServer server = start(SETTINGS);
		int connections = 4;
		for (int c = 0; c < connections; c++) {
			PipeTestClient client = connect(server);
			for (int id = 1; id <= 10; id++) {
				client.call(request(id, "numbers.endless", null));
			}
		}
		// 3 streams per connection were opened and 7 refused before their publisher was subscribed.
		// Each stream sent 2 values with its response; what it asked its publisher for beyond those
		// is all it can hold, and never more than its capacity (the largest of batch, read-ahead
		// and prefetch: 4), however long the client waits.
		int open = connections * SETTINGS.maxOpenPerConnection();
		assertThat(this.handlers.subscribed).hasValue(open);
		assertThat(server.server().getStatistics().getOpenStreams()).isEqualTo(open);
		long sent = open * 2L;
		assertThat(this.handlers.requested.get() - sent).isLessThanOrEqualTo((long) open * SETTINGS.capacity());
	}

	private static String result(PipeTestClient client, int id, String method, String params) throws IOException {
		JsonNode reply = client.call(request(id, method, params));
		assertThat(reply.has("error")).as("error in %s", reply).isFalse();
		return reply.get("result").toString();
	}

	private static int error(PipeTestClient client, int id, String method, String params) throws IOException {
		JsonNode reply = client.call(request(id, method, params));
		assertThat(reply.has("error")).as("no error in %s", reply).isTrue();
		return reply.get("error").get("code").asInt();
	}

}
