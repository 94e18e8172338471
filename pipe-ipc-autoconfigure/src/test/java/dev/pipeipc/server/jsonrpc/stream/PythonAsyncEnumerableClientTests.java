package dev.pipeipc.server.jsonrpc.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interoperability: {@code src/test/python/async_enumerable_client.py}, a client written from
 * StreamJsonRpc's documentation of its async-enumerable protocol with Python's standard library
 * only, reads a {@code Flux} and a {@code Stream} handler to their end (the token positional and
 * named) and aborts an endless one. Skipped where {@code python3} is not installed.
 */
class PythonAsyncEnumerableClientTests {

	private static final Path SCRIPT = Path.of("src/test/python/async_enumerable_client.py");

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	@Test
	void pythonClientReadsAndAbortsStreams() throws Exception {
		assumeTrue(python3(), "python3 is not installed");
		StreamHandlers handlers = new StreamHandlers();
		Path socket = this.resources.socket("python.sock");
		this.resources.add(StreamingServer.start(socket, new StreamSettings(2, 4, 2, 3, Duration.ofMinutes(5)),
				handlers));
		Process process = new ProcessBuilder("python3", SCRIPT.toString(), socket.toString()).redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script ends").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("numbers.flux: [0, 1, 2, 3, 4]", "numbers.stream: [0, 1, 2, 3, 4]",
				"numbers.endless: aborted after [0, 1]; next answers -32001", "OK");
		TestPipeServer.await("the endless publisher is cancelled", () -> handlers.cancelled.get() == 1);
		assertThat(handlers.streamsClosed).hasValue(1);
	}

	private static boolean python3() {
		if (!Files.isRegularFile(SCRIPT)) {
			return false;
		}
		try {
			Process process = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
