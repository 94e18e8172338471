package dev.pipeipc.autoconfigure;

import java.util.function.Supplier;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.server.PipeServer;

/**
 * Creates the server of each {@code pipe.servers.<id>} entry and the client of each
 * {@code pipe.clients.<id>} entry. The bean definitions {@link ConfiguredPipeBeansRegistrar}
 * registers name this bean and one of its methods as their factory, with the entry's id as the
 * only argument, so that ahead-of-time processing can write them as code: a definition holding a
 * lambda could not be.
 */
final class ConfiguredPipeBeans {

	/** Name of this bean, which the registered definitions refer to. */
	static final String BEAN_NAME = "dev.pipeipc.autoconfigure.internalConfiguredPipeBeans";

	/** Name of the factory method of a {@code pipe.servers.<id>} server. */
	static final String SERVER_METHOD = "server";

	/** Name of the factory method of a {@code pipe.clients.<id>} client. */
	static final String CLIENT_METHOD = "client";

	private final PipeProperties properties;

	private final PipeServerFactory serverFactory;

	private final ConfiguredPipeServers servers;

	private final Supplier<PipeClientFactory> clientFactory;

	ConfiguredPipeBeans(PipeProperties properties, PipeServerFactory serverFactory, ConfiguredPipeServers servers,
			PipeClientFactory clientFactory) {
		this(properties, serverFactory, servers, () -> clientFactory);
	}

	/**
	 * Create the factory of the configured beans.
	 * @param properties the bound properties
	 * @param serverFactory builds servers
	 * @param servers records the servers created
	 * @param clientFactory the client factory, asked for only when a client is configured, so that
	 * an application that serves and calls nothing loads no client classes
	 */
	ConfiguredPipeBeans(PipeProperties properties, PipeServerFactory serverFactory, ConfiguredPipeServers servers,
			Supplier<PipeClientFactory> clientFactory) {
		this.properties = properties;
		this.serverFactory = serverFactory;
		this.servers = servers;
		this.clientFactory = clientFactory;
	}

	/**
	 * Create the server of one {@code pipe.servers.<id>} entry.
	 * @param id the entry's id
	 * @return the server, not yet started
	 */
	PipeServer server(String id) {
		PipeServerProperties server = this.properties.getServers().get(id);
		if (server == null) {
			throw notConfigured("pipe.servers." + id, "PipeServer");
		}
		return this.servers.add(this.serverFactory.create(id, server), id, true);
	}

	/**
	 * Create the client of one {@code pipe.clients.<id>} entry.
	 * @param id the entry's id
	 * @return the client, not yet connected
	 */
	PipeClient client(String id) {
		PipeClientProperties client = this.properties.getClients().get(id);
		if (client == null) {
			throw notConfigured("pipe.clients." + id, "PipeClient");
		}
		return this.clientFactory.get().create(id, client);
	}

	private static IllegalStateException notConfigured(String prefix, String type) {
		return new IllegalStateException("The application was processed ahead of time with '" + prefix
				+ ".*' set, which defines its " + type + " bean, but '" + prefix + ".*' is not set now. Ahead-of-time"
				+ " processing fixes the pipe servers and clients when the application is built: set '" + prefix
				+ ".*' again, or build the application again without it.");
	}

}
