package dev.pipeipc.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeCallObserver;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.transport.windows.NamedPipeApi;

/**
 * Creates the client of each {@code pipe.clients.<id>} entry: the bean the client definitions
 * {@link ConfiguredPipeBeansRegistrar} registers name as their factory, with the entry's id as the
 * only argument. It is itself registered only when a client is configured, so that an application
 * that calls no pipe loads none of the client's classes.
 */
final class ConfiguredPipeClients {

	/** Name of this bean, which the client definitions refer to. */
	static final String BEAN_NAME = "dev.pipeipc.autoconfigure.internalConfiguredPipeClients";

	/** Name of the factory method of a {@code pipe.clients.<id>} client. */
	static final String CLIENT_METHOD = "client";

	private final PipeProperties properties;

	private final PipeClientFactory clientFactory;

	/**
	 * Create the factory of the configured clients.
	 * @param properties the bound properties
	 * @param jsonMapper the application's JSON mapper
	 * @param namedPipeApi the Win32 calls, on Windows
	 * @param callObserver the observer of every call, if the application has one
	 */
	ConfiguredPipeClients(PipeProperties properties, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<NamedPipeApi> namedPipeApi, ObjectProvider<PipeCallObserver> callObserver) {
		this.properties = properties;
		this.clientFactory = new PipeClientFactory(jsonMapper, namedPipeApi, callObserver);
	}

	/**
	 * Create the client of one {@code pipe.clients.<id>} entry.
	 * @param id the entry's id
	 * @return the client, not yet connected
	 */
	PipeClient client(String id) {
		PipeClientProperties client = this.properties.getClients().get(id);
		if (client == null) {
			throw ConfiguredPipeBeans.notConfigured("pipe.clients." + id, "PipeClient");
		}
		return this.clientFactory.create(id, client);
	}

}
