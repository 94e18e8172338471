package dev.pipeipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.TestPipeServer;

/**
 * What the client's Unix socket tests share: a directory for their sockets, one place that closes
 * what they open, and a server with their handlers, closed after the test once its handlers are
 * released (close rather than stop: stop would wait for handlers a test keeps busy).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class SocketClientTestSupport {

	/** The longest any step may take. */
	protected static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	protected Path directory;

	@RegisterExtension
	protected final CloseAfterEach closeables = new CloseAfterEach();

	/**
	 * Start a server named {@code name} on {@code <name>.sock} in the test's directory.
	 * @param name the server's name
	 * @param handlers its handlers, released after the test
	 * @return the running server
	 */
	protected TestPipeServer startServer(String name, PipeClientContractTests.Handlers handlers) {
		TestPipeServer server = TestPipeServer.on(this.directory.resolve(name + ".sock"))
			.name(name)
			.handlers(handlers)
			.start();
		this.closeables.add(() -> server.server().close());
		this.closeables.add(handlers);
		return server;
	}

	/**
	 * Build a client, closed after the test.
	 * @param builder the client, as the test configured it
	 * @return the client
	 */
	protected PipeClient client(PipeClient.Builder builder) {
		return this.closeables.add(builder.build());
	}

	/**
	 * A client builder for a test server.
	 * @param server the server
	 * @return the builder
	 */
	protected static PipeClient.Builder clientOf(TestPipeServer server) {
		return PipeClient.builder(server.socket().toString());
	}

}
