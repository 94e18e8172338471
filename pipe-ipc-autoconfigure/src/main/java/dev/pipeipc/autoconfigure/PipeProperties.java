package dev.pipeipc.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration properties of pipe-ipc: {@code pipe.server.*} for the main server,
 * {@code pipe.servers.<id>.*} for each additional one and {@code pipe.clients.<id>.*} for each
 * client. Bound once, by {@link ConfiguredPipeBeansRegistrar}, before any pipe bean is defined;
 * the bound instance is the bean every pipe bean reads.
 */
@ConfigurationProperties(PipeProperties.PREFIX)
public class PipeProperties {

	/** Prefix of every pipe property. */
	public static final String PREFIX = "pipe";

	/**
	 * Main pipe server.
	 */
	@NestedConfigurationProperty
	private final PipeServerProperties server = new PipeServerProperties();

	/**
	 * Additional pipe servers, by id. Bind handler methods to one with
	 * '@PipeHandler(server = "<id>")'.
	 */
	private final Map<String, PipeServerProperties> servers = new LinkedHashMap<>();

	/**
	 * Pipe clients, by id: each becomes a PipeClient bean named '<id>PipeClient' that
	 * '@ImportPipeExchanges' interfaces call through.
	 */
	private final Map<String, PipeClientProperties> clients = new LinkedHashMap<>();

	public PipeServerProperties getServer() {
		return this.server;
	}

	public Map<String, PipeServerProperties> getServers() {
		return this.servers;
	}

	public Map<String, PipeClientProperties> getClients() {
		return this.clients;
	}

}
