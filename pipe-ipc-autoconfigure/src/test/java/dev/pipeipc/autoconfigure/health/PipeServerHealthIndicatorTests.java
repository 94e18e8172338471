package dev.pipeipc.autoconfigure.health;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.RecordingTransport;
import dev.pipeipc.server.TestPipeServer;
import dev.pipeipc.transport.unix.UnixSocketTransport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PipeServerHealthIndicator}, on a recording transport except where the socket
 * file itself is the point.
 */
class PipeServerHealthIndicatorTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private PipeServer server;

	@AfterEach
	void closeServer() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private final RecordingTransport transport = new RecordingTransport();

	private PipeServer recordingServer() {
		this.server = PipeServer.builder("orders", "/run/orders.sock")
			.transport(this.transport)
			.protocol(TestPipeServer.protocol(false, "orders", false))
			.framing(Framing.NEWLINE)
			.maxConnections(4)
			.build();
		return this.server;
	}

	@Test
	void upWhileListeningWithTheServersDetails() {
		PipeServer server = recordingServer();
		server.start();
		Health health = new PipeServerHealthIndicator(server).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("name", "orders")
			.containsEntry("address", "/run/orders.sock")
			.containsEntry("transport", RecordingTransport.class.getName())
			.containsEntry("protocol", "json-rpc")
			.containsEntry("framing", "newline")
			.containsEntry("connections", 0)
			.containsEntry("connectionLimit", 4)
			.containsEntry("requestsInProgress", 0)
			.doesNotContainKey("reason");
	}

	@Test
	void downWithTheReasonWhenStopped() {
		PipeServer server = recordingServer();
		server.start();
		server.stop();
		Health health = new PipeServerHealthIndicator(server).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason",
				"Pipe server 'orders' is not listening: it has been stopped or has not been started.")
			.containsEntry("name", "orders");
	}

	@Test
	void downWithTheCauseAfterAnUnrecoverableError() {
		PipeServer server = recordingServer();
		server.start();
		this.transport.connectionListeners.get(0).failed(null, new OutOfMemoryError("Java heap space"));
		Health health = new PipeServerHealthIndicator(server).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason")).asString()
			.isEqualTo("Pipe server 'orders' failed with java.lang.OutOfMemoryError, which leaves the JVM in doubt;"
					+ " restart the application.");
	}

	@Test
	void downBeforeItIsStarted() {
		assertThat(new PipeServerHealthIndicator(recordingServer()).health().getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void connectionLimitIsUnlimitedWhenNoneIsSet() {
		this.server = PipeServer.builder("open", "/run/open.sock")
			.transport(new RecordingTransport())
			.protocol(TestPipeServer.protocol(true, "open", false))
			.build();
		assertThat(new PipeServerHealthIndicator(this.server).health().getDetails())
			.containsEntry("connectionLimit", "unlimited")
			.containsEntry("protocol", "raw");
	}

	@Test
	void downWhenItsSocketFileWasDeleted() throws Exception {
		Path socket = this.directory.resolve("gone.sock");
		this.server = PipeServer.builder("gone", socket.toString())
			.transport(new UnixSocketTransport(1))
			.protocol(TestPipeServer.protocol(false, "gone", false))
			.build();
		this.server.start();
		assertThat(new PipeServerHealthIndicator(this.server).health().getStatus()).isEqualTo(Status.UP);
		Files.delete(socket);
		Health health = new PipeServerHealthIndicator(this.server).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("transport", "unix")
			.containsEntry("reason", "The socket file " + socket + " of pipe server 'gone' no longer exists, so no"
					+ " client can connect; restart the server to bind it again.");
	}

}
