package dev.pipeipc.autoconfigure.health;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.pipeipc.autoconfigure.PipeServerDescriptions;
import dev.pipeipc.server.PipeServer;

/**
 * Health of one {@link PipeServer}: {@code UP} while it listens, {@code OUT_OF_SERVICE} while it
 * drains during a graceful stop, {@code DOWN} with the reason when it has stopped or when clients
 * can no longer reach it (its socket file was deleted). Reads only counters the server keeps
 * anyway, so a health check costs no request anything.
 */
public class PipeServerHealthIndicator implements HealthIndicator {

	private final PipeServer server;

	public PipeServerHealthIndicator(PipeServer server) {
		this.server = server;
	}

	@Override
	public Health health() {
		PipeServer server = this.server;
		Health.Builder builder = status(server);
		return builder.withDetail("name", server.getName())
			.withDetail("address", server.getAddress())
			.withDetail("transport", PipeServerDescriptions.transport(server))
			.withDetail("protocol", PipeServerDescriptions.protocol(server))
			.withDetail("framing", server.getSettings().framing().configName())
			.withDetail("connections", server.getOpenConnections())
			.withDetail("connectionLimit", PipeServerDescriptions.connectionLimit(server))
			.withDetail("requestsInProgress", server.getPendingRequests())
			.build();
	}

	private static Health.Builder status(PipeServer server) {
		Throwable failure = server.getFailure();
		if (failure != null) {
			return Health.down().withDetail("reason", "Pipe server '" + server.getName() + "' failed with "
					+ failure.getClass().getName() + ", which leaves the JVM in doubt; restart the application.");
		}
		if (!server.isRunning()) {
			return Health.down().withDetail("reason", "Pipe server '" + server.getName() + "' is not listening: it"
					+ " has been stopped or has not been started.");
		}
		if (!server.isAccepting()) {
			return Health.outOfService().withDetail("reason", "Pipe server '" + server.getName() + "' is stopping:"
					+ " it accepts nothing new and waits for the requests in progress.");
		}
		if (socketFileMissing(server)) {
			return Health.down().withDetail("reason", "The socket file " + server.getAddress() + " of pipe server '"
					+ server.getName() + "' no longer exists, so no client can connect; restart the server to"
					+ " bind it again.");
		}
		return Health.up();
	}

	private static boolean socketFileMissing(PipeServer server) {
		if (!"unix".equals(PipeServerDescriptions.transport(server))) {
			return false;
		}
		try {
			return !Files.exists(Path.of(server.getAddress()));
		}
		catch (InvalidPathException ex) {
			return false;
		}
	}

}
