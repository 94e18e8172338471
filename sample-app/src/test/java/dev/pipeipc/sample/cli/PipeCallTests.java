package dev.pipeipc.sample.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.sample.OrdersApplication;
import dev.pipeipc.sample.TestSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the {@code call} command ({@link PipeCall#run}) against the sample app serving its pipe on
 * a socket in a short temporary directory, and, when {@code mvn package} has built it, the real jar
 * as a separate process.
 */
@SpringBootTest(classes = OrdersApplication.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class PipeCallTests {

	/** The jar {@code mvn package} builds, relative to the module directory Maven runs tests in. */
	private static final Path JAR = Path.of("target", "sample-app-0.1.0-SNAPSHOT.jar");

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Path SOCKET = TestSockets.socketPath("pipe-cli");

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		// A name containing '/' is the socket path itself.
		registry.add("pipe.server.name", SOCKET::toString);
	}

	@Test
	void createThenGetPrintTheResultsAsJson() {
		Result created = call(SOCKET.toString(), "orders.create", "{\"item\":\"tea\",\"quantity\":3}");
		assertThat(created.code()).as(created.toString()).isEqualTo(PipeCall.OK);
		assertThat(created.err()).isEmpty();
		assertThat(created.out()).as("one JSON value on one line").endsWith("\n").hasLineCount(1);
		JsonNode order = MAPPER.readTree(created.out());
		long id = order.get("id").asLong();
		assertThat(order.get("item").asString()).isEqualTo("tea");

		Result fetched = call(SOCKET.toString(), "orders.get", "[" + id + "]");
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
		Result created = call("--directory", SOCKET.getParent().toString(), "orders", "orders.create",
				"{\"item\":\"cocoa\",\"quantity\":1}", "--pretty", "--timeout=5");
		assertThat(created.code()).as(created.toString()).isEqualTo(PipeCall.OK);
		assertThat(created.out()).contains("\n  \"item\" : \"cocoa\"");
		assertThat(MAPPER.readTree(created.out()).get("item").asString()).isEqualTo("cocoa");
	}

	@Test
	void errorAnswerPrintsCodeMessageAndDataOnStandardError() {
		Result result = call(SOCKET.toString(), "orders.get", "[987654]");
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.RPC_ERROR);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).isEqualTo(lines("error 1001: Order 987654 does not exist", "data: {\"id\":987654}"));
	}

	@Test
	void unknownMethodIsAnErrorAnswer() {
		Result result = call(SOCKET.toString(), "orders.nope");
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.RPC_ERROR);
		assertThat(result.err()).startsWith("error -32601: ");
	}

	@Test
	void noServerNamesTheSocketPath() throws IOException {
		Path directory = Files.createTempDirectory(SOCKET.getParent(), "none");
		try {
			Path expected = directory.resolve("nobody.sock");
			Result byName = call("--directory", directory.toString(), "nobody", "orders.get", "[1]");
			assertThat(byName.code()).as(byName.toString()).isEqualTo(PipeCall.CONNECT_FAILED);
			assertThat(byName.out()).isEmpty();
			assertThat(byName.err()).hasLineCount(1)
				.startsWith("call: cannot connect to " + expected + " (pipe 'nobody'): ")
				.contains("is the server running?");

			Result byPath = call("--notify", "--timeout", "0.5", expected.toString(), "orders.log",
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
		Result result = call("--notify", SOCKET.toString(), "orders.log", "{\"message\":\"hello from the CLI\"}");
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.OK);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).isEmpty();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut()).contains("says: hello from the CLI"));
	}

	@Test
	void serverThatDoesNotAnswerTimesOut() throws IOException {
		Path directory = Files.createTempDirectory(SOCKET.getParent(), "mute");
		Path socket = directory.resolve("mute.sock");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			Thread acceptor = new Thread(() -> {
				try (SocketChannel client = server.accept()) {
					// Read nothing, answer nothing, until the caller hangs up.
					client.read(ByteBuffer.allocate(1 << 16));
					Thread.sleep(5000);
				}
				catch (IOException | InterruptedException ex) {
					// Closed.
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			Result result = call("--timeout", "0.3", socket.toString(), "orders.get", "[1]");
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
		Result result = call(args);
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.USAGE);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).startsWith("call: ").contains("Usage: java -jar sample-app-0.1.0-SNAPSHOT.jar call");
	}

	@Test
	void helpPrintsUsageOnStandardOutput() {
		Result result = call("--help");
		assertThat(result.code()).isEqualTo(PipeCall.OK);
		assertThat(result.out()).isEqualTo(PipeCall.USAGE_TEXT);
		assertThat(result.err()).isEmpty();
	}

	@Test
	void theBuiltJarCallsWithoutStartingSpring() throws Exception {
		Assumptions.assumeTrue(Files.isRegularFile(JAR),
				() -> JAR + " is not built yet (mvn package runs after the tests); .ci/sample-shell-example runs it");
		Assumptions.assumeTrue(jarHasTheseClasses(),
				() -> JAR + " holds an older PipeCall; rebuild it with mvn package");
		Result created = java("call", SOCKET.toString(), "orders.create", "{\"item\":\"jar tea\",\"quantity\":2}");
		assertThat(created.code()).as(created.toString()).isEqualTo(PipeCall.OK);
		assertThat(created.err()).isEmpty();
		long id = MAPPER.readTree(created.out()).get("id").asLong();

		Result fetched = java("call", "--directory", SOCKET.getParent().toString(), "orders", "orders.get",
				"[" + id + "]");
		assertThat(fetched.code()).as(fetched.toString()).isEqualTo(PipeCall.OK);
		assertThat(fetched.out()).hasLineCount(1);
		assertThat(MAPPER.readTree(fetched.out()).get("item").asString()).isEqualTo("jar tea");
		assertThat(fetched.err()).isEmpty();

		Result missing = java("call", SOCKET.toString(), "orders.get", "[987654]");
		assertThat(missing.code()).as(missing.toString()).isEqualTo(PipeCall.RPC_ERROR);
		assertThat(missing.out()).isEmpty();
		assertThat(missing.err()).isEqualTo(lines("error 1001: Order 987654 does not exist", "data: {\"id\":987654}"));

		Result usage = java("call", SOCKET.toString(), "orders.get", "42");
		assertThat(usage.code()).as(usage.toString()).isEqualTo(PipeCall.USAGE);
	}

	private static Result call(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = PipeCall.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/**
	 * Run the jar with the JVM running the tests; the caller must not need Spring, so any pipe
	 * server it started would show in its output and make it outlive the timeout.
	 */
	private static Result java(String... args) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", JAR.toString()));
		command.addAll(Arrays.asList(args));
		Path out = Files.createTempFile("pipe-call", ".out");
		Path err = Files.createTempFile("pipe-call", ".err");
		try {
			Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.start();
			process.getOutputStream().close();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				return new Result(-1, Files.readString(out), "no exit within 30 s: " + Files.readString(err));
			}
			return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
		}
		finally {
			Files.deleteIfExists(out);
			Files.deleteIfExists(err);
		}
	}

	/**
	 * Whether the jar holds the {@link PipeCall} these tests were compiled with, not one from an
	 * older build.
	 */
	private static boolean jarHasTheseClasses() throws IOException {
		try (JarFile jar = new JarFile(JAR.toFile());
				InputStream compiled = PipeCall.class.getResourceAsStream("PipeCall.class")) {
			ZipEntry entry = jar.getEntry("BOOT-INF/classes/dev/pipeipc/sample/cli/PipeCall.class");
			if (entry == null || compiled == null) {
				return false;
			}
			try (InputStream packaged = jar.getInputStream(entry)) {
				return Arrays.equals(packaged.readAllBytes(), compiled.readAllBytes());
			}
		}
	}

	private static String lines(String... lines) {
		return String.join(System.lineSeparator(), lines) + System.lineSeparator();
	}

	/**
	 * What one run of the command did: its exit code and what it printed.
	 */
	private record Result(int code, String out, String err) {

		@Override
		public String toString() {
			return "exit " + this.code + ", stdout: [" + this.out + "], stderr: [" + this.err + "]";
		}

	}

}
