package dev.pipeipc.sample;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.jsonrpc.PipeProgress;
import dev.pipeipc.sample.ImportHandler.ImportProgress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code orders.import} reports its progress: to a client that writes the JSON itself and reads
 * one {@code $/progress} notification per order, carrying its token, before the response; and to
 * a {@link PipeClient} listener, which has every value when the call returns.
 */
@SpringBootTest(classes = OrdersApplication.class)
@DirtiesContext
class ImportProgressTests {

	private static final Path SOCKET = TestSockets.socketPath("pipe-import");

	private final ObjectMapper mapper = JsonMapper.builder().build();

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		registry.add("pipe.server.name", SOCKET::toString);
	}

	@Test
	void eachOrderPlacedIsReportedWithTheCallersTokenBeforeTheResponse() throws IOException {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
			send(channel, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"orders.import\",\"params\":{\"orders\":"
					+ "[{\"item\":\"tea\",\"quantity\":1},{\"item\":\"cake\",\"quantity\":2}],\"progress\":\"bar-1\"}}");
			List<JsonNode> messages = new ArrayList<>();
			var in = Channels.newInputStream(channel);
			JsonNode message;
			do {
				message = this.mapper.readTree(next(in));
				messages.add(message);
			}
			while (!message.has("id"));
			assertThat(messages).hasSize(3);
			assertThat(messages.get(0).toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"$/progress\","
					+ "\"params\":{\"token\":\"bar-1\",\"value\":{\"done\":1,\"total\":2,\"item\":\"tea\"}}}");
			assertThat(messages.get(1).get("params").get("value").get("done").intValue()).isEqualTo(2);
			assertThat(messages.get(2).get("result")).hasSize(2);
		}
	}

	@Test
	void pipeClientListenerHasEveryValueWhenTheCallReturns() {
		List<ImportProgress> progress = new CopyOnWriteArrayList<>();
		try (PipeClient client = PipeClient.builder(SOCKET.toString()).requestTimeout(Duration.ofSeconds(10)).build()) {
			// tag::listener[]
			List<Order> placed = client.call("orders.import",
					List.of(List.of(new NewOrder("tea", 1), new NewOrder("scone", 2), new NewOrder("jam", 1)),
							PipeProgress.listener(ImportProgress.class, progress::add)),
					new ParameterizedTypeReference<List<Order>>() {
					});
			// end::listener[]
			assertThat(placed).hasSize(3);
			assertThat(progress).containsExactly(new ImportProgress(1, 3, "tea"), new ImportProgress(2, 3, "scone"),
					new ImportProgress(3, 3, "jam"));
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

	/** One Content-Length frame's body, read from a blocking stream. */
	private static String next(java.io.InputStream in) throws IOException {
		StringBuilder header = new StringBuilder();
		while (!header.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("The server closed the connection");
			}
			header.append((char) b);
		}
		String line = header.toString().trim();
		int length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
		return new String(in.readNBytes(length), StandardCharsets.UTF_8);
	}

}
