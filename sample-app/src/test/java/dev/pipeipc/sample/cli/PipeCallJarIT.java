package dev.pipeipc.sample.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.sample.OrdersApplication;
import dev.pipeipc.sample.TestSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the {@code call} command of the jar this build packaged, as a separate process, against the
 * sample app serving its pipe in this JVM. Maven's failsafe plugin runs it after {@code package},
 * naming the jar in the {@value #JAR_PROPERTY} system property. Without a jar of this build (run
 * from an IDE before packaging) it is skipped, except in CI where it fails.
 */
@SpringBootTest(classes = OrdersApplication.class)
@DirtiesContext
class PipeCallJarIT {

	/** The system property naming the jar to run. */
	static final String JAR_PROPERTY = "sample-app.jar";

	/** The jar {@code mvn package} builds, relative to the module directory, when the property is unset. */
	private static final Path DEFAULT_JAR = Path.of("target", "sample-app-0.1.0-SNAPSHOT.jar");

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Path SOCKET = TestSockets.socketPath("pipe-jar");

	private static final Path JAR = Path.of(System.getProperty(JAR_PROPERTY, DEFAULT_JAR.toString()));

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		// A name containing '/' is the socket path itself.
		registry.add("pipe.server.name", SOCKET::toString);
	}

	@BeforeAll
	static void requireTheJarOfThisBuild() throws IOException {
		String problem = null;
		if (!Files.isRegularFile(JAR)) {
			problem = JAR.toAbsolutePath() + " is not built; run mvn verify";
		}
		else if (!holdsTheseClasses(JAR)) {
			problem = JAR.toAbsolutePath() + " holds an older PipeCall than these tests; run mvn verify";
		}
		if (problem != null) {
			if (System.getenv("CI") != null) {
				fail(problem);
			}
			Assumptions.abort(problem);
		}
	}

	@Test
	void theBuiltJarCallsWithoutStartingSpring() throws Exception {
		CommandResult created = java("call", SOCKET.toString(), "orders.create",
				"{\"item\":\"jar tea\",\"quantity\":2}");
		assertThat(created.code()).as(created.toString()).isEqualTo(PipeCall.OK);
		assertThat(created.err()).isEmpty();
		long id = MAPPER.readTree(created.out()).get("id").asLong();

		CommandResult fetched = java("call", "--directory", SOCKET.getParent().toString(), "orders", "orders.get",
				"[" + id + "]");
		assertThat(fetched.code()).as(fetched.toString()).isEqualTo(PipeCall.OK);
		assertThat(fetched.out()).hasLineCount(1);
		assertThat(MAPPER.readTree(fetched.out()).get("item").asString()).isEqualTo("jar tea");
		assertThat(fetched.err()).isEmpty();

		CommandResult missing = java("call", SOCKET.toString(), "orders.get", "[987654]");
		assertThat(missing.code()).as(missing.toString()).isEqualTo(PipeCall.RPC_ERROR);
		assertThat(missing.out()).isEmpty();
		assertThat(missing.err())
			.isEqualTo(CommandResult.lines("error 1001: Order 987654 does not exist", "data: {\"id\":987654}"));

		CommandResult usage = java("call", SOCKET.toString(), "orders.get", "42");
		assertThat(usage.code()).as(usage.toString()).isEqualTo(PipeCall.USAGE);
	}

	/**
	 * Run the jar with the JVM running the tests; the caller must not need Spring, so any pipe
	 * server it started would show in its output and make it outlive the timeout.
	 */
	private static CommandResult java(String... args) throws IOException, InterruptedException {
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
				return new CommandResult(-1, Files.readString(out), "no exit within 30 s: " + Files.readString(err));
			}
			return new CommandResult(process.exitValue(), Files.readString(out), Files.readString(err));
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
	private static boolean holdsTheseClasses(Path jar) throws IOException {
		try (JarFile file = new JarFile(jar.toFile());
				InputStream compiled = PipeCall.class.getResourceAsStream("PipeCall.class")) {
			ZipEntry entry = file.getEntry("BOOT-INF/classes/dev/pipeipc/sample/cli/PipeCall.class");
			if (entry == null || compiled == null) {
				return false;
			}
			try (InputStream packaged = file.getInputStream(entry)) {
				return Arrays.equals(packaged.readAllBytes(), compiled.readAllBytes());
			}
		}
	}

}
