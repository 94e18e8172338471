package dev.pipeipc.sample;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.reactive.ReactivePipeClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code orders.stream} (a {@code Flux}) and {@code orders.streamAll} (a {@code Stream}) consumed
 * the three ways a client can: as a {@code Stream} and as a {@code Flux} from {@link PipeClient},
 * and by hand over the socket, speaking StreamJsonRpc's documented async-enumerable protocol.
 */
@SpringBootTest(classes = OrdersApplication.class)
@DirtiesContext
class OrderStreamsTests {

	private static final Path SOCKET = TestSockets.socketPath("pipe-streams");

	private final ObjectMapper mapper = JsonMapper.builder().build();

	@Autowired
	private OrderDesk desk;

	private PipeClient client;

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		registry.add("pipe.server.name", SOCKET::toString);
	}

	@BeforeEach
	void connect() {
		this.client = PipeClient.builder(SOCKET.toString()).requestTimeout(Duration.ofSeconds(10)).build();
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void fluxHandlerIsConsumedAsAStream() {
		try (Stream<Order> orders = this.client.stream("orders.stream", Map.of("count", 300), Order.class)) {
			assertThat(orders.map(Order::id)).containsExactlyElementsOf(numbers(300));
		}
	}

	@Test
	void fluxHandlerIsConsumedAsAFluxThatStopsEarly() {
		Flux<Order> orders = ReactivePipeClient.create(this.client)
			.stream("orders.stream", Map.of("count", 100_000), Order.class);
		StepVerifier.create(orders.map(Order::id).take(5)).expectNext(1L, 2L, 3L, 4L, 5L).verifyComplete();
		assertThat(this.client.call("orders.mine", null, Order[].class)).as("the connection still answers").isNotNull();
	}

	@Test
	void streamHandlerAnswersEveryOrderOnTheDesk() {
		Order placed = this.desk.place(new Tenant("streams"), "tea", 3);
		try (Stream<Order> orders = this.client.stream("orders.streamAll", null, Order.class)) {
			assertThat(orders.toList()).contains(placed).hasSize((int) this.desk.all().count());
		}
	}

	@Test
	void streamIsPulledAndAbortedWithStreamJsonRpcsWireFormat() throws IOException {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
			Frames frames = new Frames(channel);
			frames.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"orders.stream\",\"params\":{\"count\":40}}");
			JsonNode result = this.mapper.readTree(frames.next()).get("result");
			List<Long> ids = new ArrayList<>();
			// "values" may be left out when there are none (no prefetch), as StreamJsonRpc does.
			result.path("values").forEach((order) -> ids.add(order.get("id").asLong()));
			JsonNode token = result.get("token");
			int id = 2;
			boolean finished = (token == null);
			while (!finished) {
				frames.send("{\"jsonrpc\":\"2.0\",\"id\":" + id++ + ",\"method\":\"$/enumerator/next\",\"params\":[" + token
						+ "]}");
				JsonNode batch = this.mapper.readTree(frames.next()).get("result");
				batch.path("values").forEach((order) -> ids.add(order.get("id").asLong()));
				finished = batch.get("finished").asBoolean();
			}
			assertThat(ids).containsExactlyElementsOf(numbers(40));

			frames.send("{\"jsonrpc\":\"2.0\",\"id\":100,\"method\":\"orders.stream\",\"params\":[100000]}");
			JsonNode open = this.mapper.readTree(frames.next()).get("result").get("token");
			assertThat(open).as("a stream of 100000 has more to come").isNotNull();
			frames.send("{\"jsonrpc\":\"2.0\",\"method\":\"$/enumerator/abort\",\"params\":[" + open + "]}");
			frames.send("{\"jsonrpc\":\"2.0\",\"id\":101,\"method\":\"$/enumerator/next\",\"params\":[" + open + "]}");
			JsonNode afterAbort = this.mapper.readTree(frames.next());
			assertThat(afterAbort.get("error").get("code").asInt()).as("an aborted token is unknown: %s", afterAbort)
				.isEqualTo(-32001);
		}
	}

	private static List<Long> numbers(int count) {
		List<Long> numbers = new ArrayList<>();
		for (long number = 1; number <= count; number++) {
			numbers.add(number);
		}
		return numbers;
	}

	/**
	 * Content-Length frames over a blocking channel.
	 */
	private static final class Frames {

		private final SocketChannel channel;

		private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);

		Frames(SocketChannel channel) {
			this.channel = channel;
			this.buffer.flip();
		}

		void send(String body) throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			ByteBuffer frame = ByteBuffer
				.wrap(("Content-Length: " + bytes.length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
			while (frame.hasRemaining()) {
				this.channel.write(frame);
			}
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
