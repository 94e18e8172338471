package dev.pipeipc.autoconfigure;

import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.jsonrpc.JsonRpcExtensions;
import dev.pipeipc.server.jsonrpc.JsonRpcProtocol;
import dev.pipeipc.server.jsonrpc.stream.AsyncEnumerableStreaming;
import dev.pipeipc.server.raw.RawProtocol;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.PipeInvocationWrapper;
import dev.pipeipc.server.PipeRequestObserver;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.PipeServerBuilder;
import dev.pipeipc.server.access.PeerAllowList;
import dev.pipeipc.transport.PipeAddresses;
import dev.pipeipc.transport.PipePeerAuthorizer;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.unix.UnixSocketSettings;
import dev.pipeipc.transport.unix.UnixSocketTransport;
import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeSettings;
import dev.pipeipc.transport.windows.NamedPipeTransport;

/**
 * Builds a {@link PipeServer} from its configuration properties, for the main server and for each
 * {@code pipe.servers.<id>} entry alike: resolves the pipe's name and address for the platform,
 * picks the framing and protocol, and the transport (the application's own if it defines one, else
 * Win32 named pipes where a {@link NamedPipeApi} is available, else Unix domain sockets).
 */
final class PipeServerFactory {

	static final String DEFAULT_PIPE_NAME = "pipe-ipc";

	/** Socket permissions without an allow-list: only the server's user connects. */
	static final String OWNER_ONLY_SOCKET_PERMISSIONS = "rw-------";

	/** Socket permissions with an allow-list: anyone reaches the socket, the allow-list decides. */
	static final String ALLOW_LIST_SOCKET_PERMISSIONS = "rw-rw-rw-";

	private final PipeHandlerRegistry registry;

	private final ObjectMapper mapper;

	private final @Nullable PipeTransport userTransport;

	private final @Nullable NamedPipeApi namedPipeApi;

	private final Environment environment;

	private final PipePeerAuthorizer authorizer;

	private final PipeInvocationWrapper invocations;

	private final JsonRpcExtensions extensions;

	private final PipeServerFailureExit failureExit;

	private final Supplier<@Nullable PipeRequestObserver> requestObserver;

	PipeServerFactory(PipeHandlerRegistry registry, ObjectMapper mapper, @Nullable PipeTransport userTransport,
			@Nullable NamedPipeApi namedPipeApi, Environment environment) {
		this(registry, mapper, userTransport, namedPipeApi, environment, () -> null, JsonRpcExtensions.none());
	}

	PipeServerFactory(PipeHandlerRegistry registry, ObjectMapper mapper, @Nullable PipeTransport userTransport,
			@Nullable NamedPipeApi namedPipeApi, Environment environment,
			Supplier<@Nullable PipeRequestObserver> requestObserver, JsonRpcExtensions extensions) {
		this(registry, mapper, userTransport, namedPipeApi, environment, requestObserver, extensions,
				new PipeServerFailureExit(), PipePeerAuthorizer.ALLOW_ALL, PipeInvocationWrapper.NONE);
	}

	/**
	 * Create the factory.
	 * @param registry where handler methods are looked up
	 * @param mapper the application's JSON mapper
	 * @param userTransport the application's own transport, or {@code null}
	 * @param namedPipeApi the Win32 calls, or {@code null} off Windows
	 * @param environment the environment, for the application name and runtime directory
	 * @param requestObserver the observer each server reports its requests to, looked up when a
	 * server is created; {@code null} for none
	 * @param extensions the argument resolvers, exception resolvers and validator of JSON-RPC handlers
	 * @param failureExit what {@code on-failure=exit} does
	 * @param authorizer the application's own decision about peers (its {@link PipePeerAuthorizer}
	 * beans, all of which must admit a peer), applied to every server besides its allow-list
	 * @param invocations runs around every handler invocation of every server
	 */
	PipeServerFactory(PipeHandlerRegistry registry, ObjectMapper mapper, @Nullable PipeTransport userTransport,
			@Nullable NamedPipeApi namedPipeApi, Environment environment,
			Supplier<@Nullable PipeRequestObserver> requestObserver, JsonRpcExtensions extensions,
			PipeServerFailureExit failureExit, PipePeerAuthorizer authorizer, PipeInvocationWrapper invocations) {
		this.failureExit = failureExit;
		this.authorizer = authorizer;
		this.invocations = invocations;
		this.extensions = extensions;
		this.registry = registry;
		this.mapper = mapper;
		this.userTransport = userTransport;
		this.namedPipeApi = namedPipeApi;
		this.environment = environment;
		this.requestObserver = requestObserver;
	}

	/**
	 * Create the server for one configuration entry.
	 * @param id the server id ({@link PipeHandlerRegistry#DEFAULT_SERVER} for {@code pipe.server})
	 * @param properties its properties
	 * @return the server, not yet started
	 */
	PipeServer create(String id, PipeServerProperties properties) {
		String prefix = id.isEmpty() ? "pipe.server" : "pipe.servers." + id;
		String name = pipeName(id, properties);
		boolean windows = this.userTransport == null && this.namedPipeApi != null;
		String address = windows ? PipeAddresses.windowsPipeName(name)
				: PipeAddresses.unixSocketPath(name, properties.getDirectory(),
						this.environment.getProperty("XDG_RUNTIME_DIR"));
		Framing framing = framing(prefix, properties, windows);
		long maxMessageSize = properties.getMaxMessageSize().toBytes();
		if (maxMessageSize <= 0 || maxMessageSize > Integer.MAX_VALUE - 8) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".max-message-size",
					properties.getMaxMessageSize(), "The maximum message size must be between 1 byte and 2 GB.");
		}
		PipeRequestObserver observer = this.requestObserver.get();
		PipeServerBuilder builder = PipeServer.builder(name, address);
		DataSize memoryBudget = properties.getMemoryBudget();
		if (memoryBudget != null) {
			builder.memoryBudget(memoryBudget.toBytes());
		}
		return builder.requestObserver((observer != null) ? observer : PipeRequestObserver.NONE)
			.transport(transport(properties, windows))
			.protocol(protocol(id, name, properties))
			.framing(framing)
			.maxMessageSize((int) maxMessageSize)
			.maxConnections(properties.getMaxConnections())
			.idleTimeout(properties.getIdleTimeout())
			.maxThreads(properties.getMaxThreads())
			.virtualThreads(Threading.VIRTUAL.isActive(this.environment))
			.maxPendingRequests(properties.getMaxPendingRequests())
			.shutdownGracePeriod(properties.getShutdownGracePeriod())
			.onFailure((properties.getOnFailure() == PipeServerProperties.OnFailure.EXIT)
					? (failure) -> this.failureExit.exit(name, failure) : null)
			.build();
	}

	private Framing framing(String prefix, PipeServerProperties properties, boolean windows) {
		Framing framing = properties.getFraming();
		if (framing == null) {
			if (properties.getProtocol() == PipeServerProperties.Protocol.RAW) {
				return windows ? Framing.MESSAGE : Framing.LENGTH_PREFIX;
			}
			return Framing.CONTENT_LENGTH;
		}
		if (framing == Framing.MESSAGE && !windows) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".framing", "message",
					"Message framing needs Win32 message-mode pipes, which keep message boundaries; Unix domain"
							+ " sockets carry a byte stream. Use 'length-prefix' or 'newline' here.");
		}
		return framing;
	}

	private PipeProtocol protocol(String id, String name, PipeServerProperties properties) {
		if (properties.getProtocol() == PipeServerProperties.Protocol.RAW) {
			return new RawProtocol(id, name, this.registry, this.invocations);
		}
		JsonRpcProtocol protocol = new JsonRpcProtocol(id, name, this.registry, this.mapper,
				properties.isIncludeExceptionDetails(), properties.getJson().toLimits(), properties.getRequestTimeout(),
				this.extensions, this.invocations);
		protocol.setResultStreaming(new AsyncEnumerableStreaming(name, properties.getStreams().toSettings(),
				ClassUtils.getDefaultClassLoader()));
		return protocol;
	}

	private PipeTransport transport(PipeServerProperties properties, boolean windows) {
		if (this.userTransport != null) {
			return this.userTransport;
		}
		if (windows && this.namedPipeApi != null) {
			PipeServerProperties.Windows settings = properties.getWindows();
			return new NamedPipeTransport(this.namedPipeApi,
					new NamedPipeSettings((int) settings.getInBufferSize().toBytes(),
							(int) settings.getOutBufferSize().toBytes(), settings.getSecurityDescriptor(),
							settings.isAllowRemoteClients(),
							authorizer(properties.getAccess(), NamedPipeTransport.currentUser())));
		}
		return new UnixSocketTransport(unixSocketSettings(properties));
	}

	/**
	 * The Unix socket's permissions and directory rule; validated by {@link PipePropertiesValidator}.
	 */
	private UnixSocketSettings unixSocketSettings(PipeServerProperties properties) {
		PipeServerProperties.Access access = properties.getAccess();
		String permissions = access.getSocketPermissions();
		if (permissions == null || permissions.isBlank()) {
			permissions = access.hasAllowList() ? ALLOW_LIST_SOCKET_PERMISSIONS : OWNER_ONLY_SOCKET_PERMISSIONS;
		}
		return new UnixSocketSettings(PosixFilePermissions.fromString(permissions), properties.isAllowSharedDirectory(),
				authorizer(access, UnixSocketTransport.currentUser()));
	}

	/**
	 * The allow-list of a server, if it has one, and the application's authorizers: a peer must
	 * pass both.
	 */
	private PipePeerAuthorizer authorizer(PipeServerProperties.Access access, List<String> ownUser) {
		PipePeerAuthorizer allowList = access.hasAllowList()
				? new PeerAllowList(access.getAllowedUsers(), access.getAllowedGroups(), ownUser)
				: PipePeerAuthorizer.ALLOW_ALL;
		return allowList.and(this.authorizer);
	}

	private String pipeName(String id, PipeServerProperties properties) {
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
