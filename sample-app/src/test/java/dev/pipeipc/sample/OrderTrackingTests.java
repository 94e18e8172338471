package dev.pipeipc.sample;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code orders.track} pushes an {@code orders.status} notification to its caller before it
 * answers: the case every documented client has to handle, a notification interleaved with the
 * responses it waits for.
 */
@SpringBootTest(classes = OrdersApplication.class)
@DirtiesContext
class OrderTrackingTests {

	private static final Path SOCKET = TestSockets.socketPath("pipe-track");

	private final ObjectMapper mapper = JsonMapper.builder().build();

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		registry.add("pipe.server.name", SOCKET::toString);
	}

	@Test
	void trackSendsTheStatusNotificationBeforeTheResponse() throws IOException {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
			FrameReader frames = new FrameReader(channel);
			send(channel, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"orders.create\","
					+ "\"params\":{\"item\":\"tea\",\"quantity\":1}}");
			long id = this.mapper.readTree(frames.next()).get("result").get("id").asLong();
			send(channel, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"orders.track\",\"params\":[" + id + "]}");

			JsonNode first = this.mapper.readTree(frames.next());
			JsonNode second = this.mapper.readTree(frames.next());

			assertThat(first.has("id")).as("the first message is a notification, without an id: %s", first).isFalse();
			assertThat(first.get("method").asString()).isEqualTo(OrderHandlers.STATUS_NOTIFICATION);
			assertThat(first.get("params").get("id").asLong()).isEqualTo(id);
			assertThat(first.get("params").get("status").asString()).isEqualTo("OPEN");
			assertThat(second.get("id").asInt()).as("the second message answers request 2: %s", second).isEqualTo(2);
			assertThat(second.get("result").get("id").asLong()).isEqualTo(id);
		}
	}

	@Test
	void pipeClientHandsTheStatusNotificationToItsListenerAndReturnsTheOrder() {
		List<JsonNode> statuses = new CopyOnWriteArrayList<>();
		try (PipeClient client = PipeClient.builder(SOCKET.toString()).requestTimeout(Duration.ofSeconds(10)).build()) {
			client.onNotification(OrderHandlers.STATUS_NOTIFICATION, statuses::add);
			Order created = client.call("orders.create", new NewOrder("cocoa", 2), Order.class);
			assertThat(created).isNotNull();

			Order tracked = client.call("orders.track", List.of(created.id()), Order.class);

			assertThat(tracked).isEqualTo(created);
			await().atMost(Duration.ofSeconds(10)).until(() -> !statuses.isEmpty());
			assertThat(statuses).singleElement().satisfies((status) -> {
				assertThat(status.get("id").asLong()).isEqualTo(created.id());
				assertThat(status.get("status").asString()).isEqualTo("OPEN");
			});
		}
	}

	private static void send(SocketChannel channel, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		ByteBuffer frame = ByteBuffer.wrap(
				("Content-Length: " + bytes.length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
		while (frame.hasRemaining()) {
			channel.write(frame);
		}
	}

	/**
	 * Reads Content-Length frames from a blocking channel.
	 */
	private static final class FrameReader {

		private final SocketChannel channel;

		private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

		FrameReader(SocketChannel channel) {
			this.channel = channel;
			this.buffer.flip();
		}

		String next() throws IOException {
			int headerEnd;
			while ((headerEnd = indexOfBlankLine()) < 0) {
				fill();
			}
			String header = new String(this.buffer.array(), this.buffer.position(), headerEnd - this.buffer.position(),
					StandardCharsets.US_ASCII);
			int length = Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
			this.buffer.position(headerEnd + 4);
			while (this.buffer.remaining() < length) {
				fill();
			}
			String body = new String(this.buffer.array(), this.buffer.position(), length, StandardCharsets.UTF_8);
			this.buffer.position(this.buffer.position() + length);
			return body;
		}

		private int indexOfBlankLine() {
			byte[] bytes = this.buffer.array();
			for (int i = this.buffer.position(); i + 3 < this.buffer.limit(); i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
					return i;
				}
			}
			return -1;
		}

		private void fill() throws IOException {
			this.buffer.compact();
			int read = this.channel.read(this.buffer);
			this.buffer.flip();
			if (read < 0) {
				throw new IOException("The server closed the connection");
			}
		}

	}

}
