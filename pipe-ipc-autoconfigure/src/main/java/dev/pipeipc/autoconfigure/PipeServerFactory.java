package dev.pipeipc.autoconfigure;

import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.protocol.jsonrpc.JsonRpcProtocol;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.PipeServerSettings;
import dev.pipeipc.transport.PipeTransport;

/**
 * Builds a {@link PipeServer} from its configuration properties, for the main server and for each
 * {@code pipe.servers.<id>} entry alike.
 */
final class PipeServerFactory {

	static final String DEFAULT_PIPE_NAME = "pipe-ipc";

	private final PipeHandlerRegistry registry;

	private final ObjectMapper mapper;

	private final PipeTransport transport;

	private final Environment environment;

	PipeServerFactory(PipeHandlerRegistry registry, ObjectMapper mapper, PipeTransport transport,
			Environment environment) {
		this.registry = registry;
		this.mapper = mapper;
		this.transport = transport;
		this.environment = environment;
	}

	/**
	 * Create the server for one configuration entry.
	 * @param id the server id ({@link PipeHandlerRegistry#DEFAULT_SERVER} for {@code pipe.server})
	 * @param properties its properties
	 * @return the server, not yet started
	 */
	PipeServer create(String id, PipeProperties.Server properties) {
		String name = pipeName(id, properties);
		String address = PipeAddresses.unixSocketPath(name, properties.getDirectory(),
				this.environment.getProperty("XDG_RUNTIME_DIR"));
		long maxMessageSize = properties.getMaxMessageSize().toBytes();
		if (maxMessageSize <= 0 || maxMessageSize > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("Pipe '" + name + "' max-message-size " + maxMessageSize
					+ " bytes must be between 1 byte and 2 GiB");
		}
		PipeServerSettings settings = new PipeServerSettings(name, address, properties.getFraming(),
				(int) maxMessageSize, properties.getMaxInstances(), properties.getIdleTimeout(),
				properties.getMaxThreads(), Threading.VIRTUAL.isActive(this.environment),
				properties.getMaxPendingRequests());
		JsonRpcProtocol protocol = new JsonRpcProtocol(id, name, this.registry, this.mapper,
				properties.isIncludeExceptionDetails());
		return new PipeServer(settings, this.transport, protocol);
	}

	private String pipeName(String id, PipeProperties.Server properties) {
		String name = properties.getName();
		if (name != null && !name.isBlank()) {
			return name;
		}
		if (!id.isEmpty()) {
			return id;
		}
		return this.environment.getProperty("spring.application.name", DEFAULT_PIPE_NAME);
	}

}
