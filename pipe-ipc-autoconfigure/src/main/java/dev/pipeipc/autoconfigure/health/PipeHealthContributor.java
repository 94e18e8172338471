package dev.pipeipc.autoconfigure.health;

import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

import dev.pipeipc.autoconfigure.ConfiguredPipeServers;
import dev.pipeipc.server.PipeServer;

/**
 * The {@code pipe} health contributor: one {@link PipeServerHealthIndicator} per server that is
 * meant to listen, by bean name. A server the application does not need (no handler bound to it,
 * not configured explicitly) is left out rather than reported down. Which servers are needed is
 * known only once every handler bean exists, so it is decided on each health check.
 */
public class PipeHealthContributor implements CompositeHealthContributor {

	private final Map<String, PipeServer> servers;

	private final @Nullable ConfiguredPipeServers configured;

	/**
	 * Create the contributor.
	 * @param servers the server beans, by bean name
	 * @param configured which servers the auto-configuration created and which of them are
	 * needed, or {@code null} to report every server
	 */
	public PipeHealthContributor(Map<String, PipeServer> servers, @Nullable ConfiguredPipeServers configured) {
		this.servers = Map.copyOf(servers);
		this.configured = configured;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		PipeServer server = this.servers.get(name);
		return (server != null && isNeeded(server)) ? new PipeServerHealthIndicator(server) : null;
	}

	@Override
	public Stream<Entry> stream() {
		return this.servers.entrySet()
			.stream()
			.filter((entry) -> isNeeded(entry.getValue()))
			.sorted(Map.Entry.comparingByKey())
			.map((entry) -> new Entry(entry.getKey(), new PipeServerHealthIndicator(entry.getValue())));
	}

	private boolean isNeeded(PipeServer server) {
		return this.configured == null || this.configured.isNeeded(server);
	}

}
