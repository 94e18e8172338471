package dev.pipeipc.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.jsonrpc.PipeHandlerArgumentResolver;
import dev.pipeipc.server.jsonrpc.annotation.ParamsArgumentResolver;
import dev.pipeipc.server.jsonrpc.annotation.RequestIdArgumentResolver;
import dev.pipeipc.server.jsonrpc.discovery.OpenRpcDiscovery;

/**
 * Gives each JSON-RPC server created from configuration its {@code rpc.discover} method, unless
 * {@code <prefix>.discovery.enabled} is {@code false}. Without victools' jsonschema-generator and
 * its Jackson module the method is not offered, and a debug line says so. Runs once every
 * singleton exists, before the servers start.
 * <p>
 * The document's title is {@code spring.application.name}, else the pipe's name; its version is
 * {@code spring.application.version} (the jar manifest's {@code Implementation-Version}).
 */
final class OpenRpcDiscoveryRegistrar implements SmartInitializingSingleton, BeanClassLoaderAware {

	private static final Log logger = LogFactory.getLog(OpenRpcDiscoveryRegistrar.class);

	/** The version in a document when the application has none. */
	static final String UNKNOWN_VERSION = "unspecified";

	private final PipeHandlerRegistry registry;

	private final ObjectProvider<PipeServer> servers;

	private final ConfiguredPipeServers configured;

	private final PipeProperties properties;

	private final ObjectMapper mapper;

	private final Environment environment;

	private final ObjectProvider<PipeHandlerArgumentResolver> argumentResolvers;

	private @Nullable ClassLoader classLoader;

	OpenRpcDiscoveryRegistrar(PipeHandlerRegistry registry, ObjectProvider<PipeServer> servers,
			ConfiguredPipeServers configured, PipeProperties properties, ObjectMapper mapper, Environment environment,
			ObjectProvider<PipeHandlerArgumentResolver> argumentResolvers) {
		this.registry = registry;
		this.servers = servers;
		this.configured = configured;
		this.properties = properties;
		this.mapper = mapper;
		this.environment = environment;
		this.argumentResolvers = argumentResolvers;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.servers.orderedStream().forEach(this::register);
	}

	/**
	 * The argument resolvers the servers bind with besides the built-in ones, as
	 * {@link PipeAutoConfiguration} gives them: those of the annotations, then the application's.
	 */
	private List<PipeHandlerArgumentResolver> argumentResolvers() {
		List<PipeHandlerArgumentResolver> resolvers = new ArrayList<>();
		resolvers.add(new RequestIdArgumentResolver());
		resolvers.add(new ParamsArgumentResolver());
		this.argumentResolvers.orderedStream().forEach(resolvers::add);
		return resolvers;
	}

	private void register(PipeServer server) {
		String id = this.configured.getServerId(server);
		if (id == null) {
			return;
		}
		PipeServerProperties settings = id.isEmpty() ? this.properties.getServer() : this.properties.getServers().get(id);
		if (settings == null || settings.getProtocol() != PipeServerProperties.Protocol.JSON_RPC
				|| !settings.getDiscovery().isEnabled()) {
			return;
		}
		if (!OpenRpcDiscovery.isAvailable(this.classLoader)) {
			if (logger.isDebugEnabled()) {
				String prefix = id.isEmpty() ? "pipe.server" : "pipe.servers." + id;
				logger.debug("Pipe server '" + server.getName() + "' does not answer " + OpenRpcDiscovery.METHOD
						+ ": com.github.victools:jsonschema-generator and jsonschema-module-jackson are not on the class"
						+ " path. Add both to describe the handlers, or set '" + prefix
						+ ".discovery.enabled=false' to say it is off on purpose.");
			}
			return;
		}
		String title = this.environment.getProperty("spring.application.name", server.getName());
		String version = this.environment.getProperty("spring.application.version", UNKNOWN_VERSION);
		OpenRpcDiscovery.Info info = new OpenRpcDiscovery.Info(title, version,
				"JSON-RPC methods served on pipe '" + server.getName() + "'.");
		this.registry.registerBuiltIn(new OpenRpcDiscovery(id, this.registry, this.mapper, info,
				OpenRpcDiscovery.resolvedArguments(argumentResolvers())).endpoint());
	}

}
