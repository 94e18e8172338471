package dev.pipeipc.autoconfigure;

import dev.pipeipc.server.PipeServer;

/**
 * Creates the server of each {@code pipe.servers.<id>} entry. The bean definitions
 * {@link ConfiguredPipeBeansRegistrar} registers name this bean and its method as their factory,
 * with the entry's id as the only argument, so that ahead-of-time processing can write them as
 * code: a definition holding a lambda could not be. The clients of {@code pipe.clients.<id>}
 * entries have a factory of their own, {@link ConfiguredPipeClients}, registered only when a
 * client is configured.
 */
final class ConfiguredPipeBeans {

	/** Name of this bean, which the registered definitions refer to. */
	static final String BEAN_NAME = "dev.pipeipc.autoconfigure.internalConfiguredPipeBeans";

	/** Name of the factory method of a {@code pipe.servers.<id>} server. */
	static final String SERVER_METHOD = "server";

	private final PipeProperties properties;

	private final PipeServerFactory serverFactory;

	private final ConfiguredPipeServers servers;

	/**
	 * Create the factory of the configured servers.
	 * @param properties the bound properties
	 * @param serverFactory builds servers
	 * @param servers records the servers created
	 */
	ConfiguredPipeBeans(PipeProperties properties, PipeServerFactory serverFactory, ConfiguredPipeServers servers) {
		this.properties = properties;
		this.serverFactory = serverFactory;
		this.servers = servers;
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
	 * The failure of a definition written ahead of time whose entry is no longer set.
	 * @param prefix the entry's property prefix
	 * @param type the simple name of the bean's type
	 * @return the exception to throw
	 */
	static IllegalStateException notConfigured(String prefix, String type) {
		return new IllegalStateException("The application was processed ahead of time with '" + prefix
				+ ".*' set, which defines its " + type + " bean, but '" + prefix + ".*' is not set now. Ahead-of-time"
				+ " processing fixes the pipe servers and clients when the application is built: set '" + prefix
				+ ".*' again, or build the application again without it.");
	}

}
