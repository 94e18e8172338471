package dev.pipeipc.sample.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.sample.OrderDesk;
import dev.pipeipc.sample.OrderHandlers;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.test.autoconfigure.PipeTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the {@code call} command ({@link PipeCall#run}) against the order handlers served by a
 * {@link PipeTest @PipeTest} on a pipe of the test's own, in a temporary directory.
 * {@link PipeCallJarIT} runs the built jar against the whole application.
 */
@PipeTest(handlers = OrderHandlers.class)
@Import(OrderDesk.class)
@ExtendWith(OutputCaptureExtension.class)
class PipeCallTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Autowired
	PipeServer server;

	/**
	 * The socket path: a name containing '/' is the socket path itself.
	 */
	private Path socket() {
		return Path.of(this.server.getAddress());
	}

	@Test
	void createThenGetPrintTheResultsAsJson() {
		CommandResult created = call(socket().toString(), "orders.create", "{\"item\":\"tea\",\"quantity\":3}");
		assertThat(created.code()).as(created.toString()).isEqualTo(PipeCall.OK);
		assertThat(created.err()).isEmpty();
		assertThat(created.out()).as("one JSON value on one line").endsWith("\n").hasLineCount(1);
		JsonNode order = MAPPER.readTree(created.out());
		long id = order.get("id").asLong();
		assertThat(order.get("item").asString()).isEqualTo("tea");

		CommandResult fetched = call(socket().toString(), "orders.get", "[" + id + "]");
		assertThat(fetched.code()).as(fetched.toString()).isEqualTo(PipeCall.OK);
		assertThat(fetched.err()).isEmpty();
		JsonNode same = MAPPER.readTree(fetched.out());
		assertThat(same.get("id").asLong()).isEqualTo(id);
		assertThat(same.get("item").asString()).isEqualTo("tea");
		assertThat(same.get("quantity").asInt()).isEqualTo(3);
		assertThat(same.get("status").asString()).isEqualTo("OPEN");
		assertThat(same).isEqualTo(order);
	}

	@Test
	void pipeNameIsResolvedInTheDirectoryWithOptionsAnywhere() {
		CommandResult created = call("--directory", socket().getParent().toString(), this.server.getName(), "orders.create",
				"{\"item\":\"cocoa\",\"quantity\":1}", "--pretty", "--timeout=5");
		assertThat(created.code()).as(created.toString()).isEqualTo(PipeCall.OK);
		assertThat(created.out()).contains("\n  \"item\" : \"cocoa\"");
		assertThat(MAPPER.readTree(created.out()).get("item").asString()).isEqualTo("cocoa");
	}

	@Test
	void errorAnswerPrintsCodeMessageAndDataOnStandardError() {
		CommandResult result = call(socket().toString(), "orders.get", "[987654]");
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.RPC_ERROR);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).isEqualTo(CommandResult.lines("error 1001: Order 987654 does not exist", "data: {\"id\":987654}"));
	}

	@Test
	void unknownMethodIsAnErrorAnswer() {
		CommandResult result = call(socket().toString(), "orders.nope");
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.RPC_ERROR);
		assertThat(result.err()).startsWith("error -32601: ");
	}

	@Test
	void noServerNamesTheSocketPath() throws IOException {
		Path directory = Files.createTempDirectory(socket().getParent(), "none");
		try {
			Path expected = directory.resolve("nobody.sock");
			CommandResult byName = call("--directory", directory.toString(), "nobody", "orders.get", "[1]");
			assertThat(byName.code()).as(byName.toString()).isEqualTo(PipeCall.CONNECT_FAILED);
			assertThat(byName.out()).isEmpty();
			assertThat(byName.err()).hasLineCount(1)
				.startsWith("call: cannot connect to " + expected + " (pipe 'nobody'): ")
				.contains("is the server running?");

			CommandResult byPath = call("--notify", "--timeout", "0.5", expected.toString(), "orders.log",
					"{\"message\":\"lost\"}");
			assertThat(byPath.code()).as(byPath.toString()).isEqualTo(PipeCall.CONNECT_FAILED);
			assertThat(byPath.err()).hasLineCount(1).startsWith("call: cannot connect to " + expected + ": ");
		}
		finally {
			Files.delete(directory);
		}
	}

	@Test
	void notificationPrintsNothing(CapturedOutput output) {
		CommandResult result = call("--notify", socket().toString(), "orders.log", "{\"message\":\"hello from the CLI\"}");
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.OK);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).isEmpty();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut()).contains("says: hello from the CLI"));
	}

	@Test
	void serverThatDoesNotAnswerTimesOut() throws IOException {
		Path directory = Files.createTempDirectory(socket().getParent(), "mute");
		Path socket = directory.resolve("mute.sock");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			Thread acceptor = new Thread(() -> {
				try (SocketChannel client = server.accept()) {
					// Answer nothing; read until the caller hangs up.
					ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
					while (client.read(buffer.clear()) >= 0) {
						// Discard the request.
					}
				}
				catch (IOException ex) {
					// Closed.
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			CommandResult result = call("--timeout", "0.3", socket.toString(), "orders.get", "[1]");
			assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.NO_ANSWER);
			assertThat(result.out()).isEmpty();
			assertThat(result.err()).hasLineCount(1).contains("did not answer within 300 ms");
		}
		finally {
			Files.deleteIfExists(socket);
			Files.delete(directory);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "orders", "|orders.get", "orders| ", "orders|orders.get|42",
			"orders|orders.get|\"x\"", "orders|orders.get|null", "orders|orders.get|[1", "orders|orders.get|[1] [2]",
			"orders|orders.get|[1]|extra", "--bogus|orders|orders.get", "--framing|xml|orders|orders.get",
			"--timeout|0|orders|orders.get", "--timeout|soon|orders|orders.get", "orders|orders.get|--timeout",
			"--notify=yes|orders|orders.log" })
	void badUsagePrintsUsage(String joined) {
		String[] args = joined.isEmpty() ? new String[0] : joined.split("\\|", -1);
		CommandResult result = call(args);
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.USAGE);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).startsWith("call: ").contains("Usage: java -jar sample-app-0.1.0-SNAPSHOT.jar call");
	}

	@Test
	void helpPrintsUsageOnStandardOutput() {
		CommandResult result = call("--help");
		assertThat(result.code()).isEqualTo(PipeCall.OK);
		assertThat(result.out()).isEqualTo(PipeCall.USAGE_TEXT);
		assertThat(result.err()).isEmpty();
	}

	private static CommandResult call(String... args) {
		return CommandResult.run(PipeCall::run, args);
	}

}
