package dev.pipeipc.autoconfigure.endpoint;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.pipeipc.autoconfigure.ConfiguredPipeServers;
import dev.pipeipc.autoconfigure.PipeServerDescriptions;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.PipeServerSettings;

/**
 * The {@code pipes} endpoint: every pipe server with its state, settings, live counts and routes,
 * and every pipe client with its target. Read-only, as {@code mappings} is.
 */
@Endpoint(id = "pipes")
public class PipesEndpoint {

	private final Map<String, PipeServer> servers;

	private final Map<String, PipeClient> clients;

	private final ConfiguredPipeServers configured;

	/**
	 * Create the endpoint.
	 * @param servers the server beans, by bean name
	 * @param clients the client beans, by bean name
	 * @param configured what the auto-configuration knows about its servers
	 */
	public PipesEndpoint(Map<String, PipeServer> servers, Map<String, PipeClient> clients,
			ConfiguredPipeServers configured) {
		this.servers = new TreeMap<>(servers);
		this.clients = new TreeMap<>(clients);
		this.configured = configured;
	}

	@ReadOperation
	public PipesDescriptor pipes() {
		Map<String, ServerDescriptor> servers = new LinkedHashMap<>();
		this.servers.forEach((beanName, server) -> servers.put(beanName, describe(server)));
		Map<String, ClientDescriptor> clients = new LinkedHashMap<>();
		this.clients.forEach((beanName, client) -> clients.put(beanName,
				new ClientDescriptor(client.getAddress(), client.isConnected() ? "connected" : "not connected")));
		return new PipesDescriptor(servers, clients);
	}

	private ServerDescriptor describe(PipeServer server) {
		List<PipeRouteDescriptor> routes = this.configured.getHandlers(server)
			.stream()
			.map(PipeRouteDescriptor::of)
			.sorted(Comparator.comparing(PipeRouteDescriptor::method))
			.toList();
		return new ServerDescriptor(server.getName(), server.getAddress(), state(server),
				PipeServerDescriptions.transport(server), PipeServerDescriptions.protocol(server),
				SettingsDescriptor.of(server), server.getOpenConnections(), server.getPendingRequests(),
				server.getStatistics().getOpenStreams(), routes);
	}

	private String state(PipeServer server) {
		if (server.isAccepting()) {
			return "listening";
		}
		if (server.isRunning()) {
			return "stopping";
		}
		return this.configured.isNeeded(server) ? "stopped" : "not started (no handler bound, not configured)";
	}

	/**
	 * Every pipe server and client of the application.
	 *
	 * @param servers the servers, by bean name
	 * @param clients the clients, by bean name
	 */
	public record PipesDescriptor(Map<String, ServerDescriptor> servers,
			Map<String, ClientDescriptor> clients) implements OperationResponseBody {

	}

	/**
	 * One pipe server.
	 *
	 * @param name the pipe name
	 * @param address the socket path or Win32 pipe name
	 * @param state {@code listening}, {@code stopping}, {@code stopped}, or not started
	 * @param transport {@code unix}, {@code pipe} or the transport's class
	 * @param protocol {@code json-rpc}, {@code raw} or the protocol's class
	 * @param settings what the server was configured with
	 * @param connections clients connected now
	 * @param requestsInProgress requests accepted and not yet answered
	 * @param openStreams streams of handler results open now, whose values clients may still pull
	 * @param routes the handler methods it serves, by JSON-RPC method name
	 */
	public record ServerDescriptor(String name, String address, String state, String transport, String protocol,
			SettingsDescriptor settings, int connections, int requestsInProgress, long openStreams,
			List<PipeRouteDescriptor> routes) {

	}

	/**
	 * What a server was configured with.
	 *
	 * @param framing the framing's configuration name
	 * @param maxMessageSize the largest message accepted, in bytes
	 * @param connectionLimit the most clients at a time, or {@code unlimited}
	 * @param idleTimeout how long an idle connection stays open, or {@code null} for ever
	 * @param maxThreads the most platform worker threads
	 * @param virtualThreads whether handlers run on virtual threads
	 * @param maxPendingRequests the most requests in progress per connection
	 * @param shutdownGracePeriod how long a stop waits for requests in progress
	 */
	public record SettingsDescriptor(String framing, int maxMessageSize, Object connectionLimit,
			@Nullable Duration idleTimeout, int maxThreads, boolean virtualThreads, int maxPendingRequests,
			Duration shutdownGracePeriod) {

		static SettingsDescriptor of(PipeServer server) {
			PipeServerSettings settings = server.getSettings();
			return new SettingsDescriptor(settings.framing().configName(), settings.maxMessageSize(),
					PipeServerDescriptions.connectionLimit(server), settings.idleTimeout(), settings.maxThreads(),
					settings.virtualThreads(), settings.maxPendingRequests(), server.getShutdownGracePeriod());
		}

	}

	/**
	 * One pipe client.
	 *
	 * @param address the socket path or Win32 pipe name it connects to
	 * @param state {@code connected}, or {@code not connected} (clients connect on their first call)
	 */
	public record ClientDescriptor(String address, String state) {

	}

}
