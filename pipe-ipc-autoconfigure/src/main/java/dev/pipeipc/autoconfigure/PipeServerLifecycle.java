package dev.pipeipc.autoconfigure;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import dev.pipeipc.server.PipeServer;

/**
 * Ties every {@link PipeServer} bean of the context to the context's lifecycle, the way Spring
 * Boot's graceful-shutdown lifecycle ties a web server: the servers bind their pipes once the
 * other beans have started, and when the context stops they stop accepting and drain in parallel
 * before the beans their handlers use are stopped. The context waits for the drain at most its
 * {@code spring.lifecycle.timeout-per-shutdown-phase}; each server bounds it by its own shutdown
 * grace period, and closing the context {@linkplain PipeServer#close() closes} whatever is left.
 */
final class PipeServerLifecycle implements SmartLifecycle {

	/**
	 * Late to start and early to stop, the phase of Spring Boot's web server graceful shutdown,
	 * so clients are drained before the beans their handlers use are stopped.
	 */
	static final int GRACEFUL_SHUTDOWN_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private final ObjectProvider<PipeServer> servers;

	private final @Nullable ConfiguredPipeServers configured;

	private volatile List<PipeServer> started = List.of();

	private volatile boolean running;

	PipeServerLifecycle(ObjectProvider<PipeServer> servers) {
		this(servers, null);
	}

	/**
	 * A lifecycle that starts only the servers the configuration says are needed.
	 * @param servers the server beans
	 * @param configured which of them were configured and which are needed, or {@code null} to
	 * start them all
	 */
	PipeServerLifecycle(ObjectProvider<PipeServer> servers, @Nullable ConfiguredPipeServers configured) {
		this.servers = servers;
		this.configured = configured;
	}

	@Override
	public void start() {
		ConfiguredPipeServers configured = this.configured;
		List<PipeServer> all = this.servers.orderedStream()
			.filter((server) -> configured == null || configured.shouldStart(server))
			.toList();
		this.started = all;
		for (PipeServer server : all) {
			server.start();
			if (configured != null) {
				configured.logStarted(server);
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		for (PipeServer server : this.started) {
			server.stop();
		}
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		List<PipeServer> servers = this.started;
		if (servers.isEmpty()) {
			callback.run();
			return;
		}
		AtomicInteger remaining = new AtomicInteger(servers.size());
		for (PipeServer server : servers) {
			server.shutDownGracefully(() -> {
				if (remaining.decrementAndGet() == 0) {
					callback.run();
				}
			});
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return GRACEFUL_SHUTDOWN_PHASE;
	}

}
