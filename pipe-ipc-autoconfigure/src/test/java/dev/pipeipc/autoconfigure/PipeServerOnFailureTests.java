package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.server.PipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pipe.server.on-failure}: a handler that throws {@link OutOfMemoryError} is answered
 * {@code -32603} and marks its server failed; with {@code keep-running} (the default) the
 * application goes on, with {@code exit} it is closed and the JVM exits with status 70, which the
 * last test shows on a JVM of its own.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class PipeServerOnFailureTests {

	@TempDir
	Path directory;

	private final List<Integer> exits = new CopyOnWriteArrayList<>();

	@Test
	void keepRunningMarksTheServerFailedAndTheApplicationGoesOn() throws IOException {
		PipeContextRunners.pipeAutoConfiguration(this.directory)
			.withPropertyValues("pipe.server.name=keep")
			.withBean(PipeServerFailureExit.class, () -> new PipeServerFailureExit(this.exits::add))
			.withUserConfiguration(FailingApplication.class)
			.run((context) -> {
				PipeServer server = context.getBean(PipeServer.class);
				JsonNode reply = JsonRpcSocketCall.call(this.directory.resolve("keep.sock"), "exhaust", "[]");
				assertThat(reply.get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.INTERNAL_ERROR);
				assertThat(server.isFailed()).isTrue();
				assertThat(server.getFailure()).isInstanceOf(OutOfMemoryError.class);
				assertThat(context.isRunning()).isTrue();
				assertThat(server.isAccepting()).isTrue();
				assertThat(this.exits).isEmpty();
			});
	}

	@Test
	void exitClosesTheApplicationAndExitsWithStatus70() throws IOException {
		PipeContextRunners.pipeAutoConfiguration(this.directory)
			.withPropertyValues("pipe.server.name=exit", "pipe.server.on-failure=exit")
			.withBean(PipeServerFailureExit.class, () -> new PipeServerFailureExit(this.exits::add))
			.withUserConfiguration(FailingApplication.class)
			.run((context) -> {
				JsonRpcSocketCall.call(this.directory.resolve("exit.sock"), "exhaust", "[]");
				Awaitility.await("exit").atMost(Duration.ofSeconds(10)).until(() -> !this.exits.isEmpty());
				assertThat(this.exits).containsExactly(PipeServerFailureExit.EXIT_STATUS);
				assertThat(context.isActive()).as("context closed before exiting").isFalse();
			});
	}

	@Test
	void exitEndsItsOwnJvmWithStatus70AndAnErrorNamingTheCause() throws Exception {
		Path log = this.directory.resolve("app.log");
		Path socket = this.directory.resolve("forked.sock");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), ExitingApplication.class.getName(),
				this.directory.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			Awaitility.await("the forked application listens").atMost(Duration.ofSeconds(60))
				.until(() -> Files.exists(socket) || !process.isAlive());
			assertThat(process.isAlive()).as("forked application running; its log:%n%s", read(log)).isTrue();
			try {
				JsonRpcSocketCall.call(socket, "exhaust", "[]");
			}
			catch (IOException ex) {
				// The process may close the connection while exiting; its status tells the outcome.
			}
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process exited").isTrue();
			assertThat(process.exitValue()).as(read(log)).isEqualTo(PipeServerFailureExit.EXIT_STATUS);
			assertThat(read(log)).contains("Pipe server 'forked' is failed")
				.contains("java.lang.OutOfMemoryError: simulated")
				.contains("exiting with status 70");
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static String read(Path log) throws IOException {
		return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingApplication {

		@Bean
		FailingHandler failingHandler() {
			return new FailingHandler();
		}

	}

	static class FailingHandler {

		@PipeHandler("exhaust")
		String exhaust() {
			throw new OutOfMemoryError("simulated");
		}

	}

	/**
	 * The application of the forked JVM: the pipe server with {@code on-failure=exit} and a handler
	 * that throws {@link OutOfMemoryError}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ LifecycleAutoConfiguration.class, JacksonAutoConfiguration.class,
			PipeAutoConfiguration.class })
	static class ExitingApplication {

		@Bean
		FailingHandler failingHandler() {
			return new FailingHandler();
		}

		public static void main(String[] args) {
			new SpringApplicationBuilder(ExitingApplication.class).web(WebApplicationType.NONE)
				.properties("pipe.server.directory=" + args[0], "pipe.server.name=forked", "pipe.server.on-failure=exit",
						"spring.main.banner-mode=off")
				.run();
		}

	}

}
