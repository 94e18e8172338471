package dev.pipeipc.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Role;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandlerAnnotationBeanPostProcessor;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.server.PipeInvocationWrapper;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.transport.PipePeerAuthorizer;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.windows.JnaNamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeApi;

/**
 * Auto-configuration for pipe servers and clients: binds {@code pipe.server.*} (and each
 * {@code pipe.servers.<id>.*}) to {@link PipeServer} beans whose lifecycle follows the
 * application context, routes requests to {@link dev.pipeipc.annotation.PipeHandler
 * @PipeHandler} methods, and makes each {@code pipe.clients.<id>.*} a client bean. The properties
 * are bound once, by {@link ConfiguredPipeBeansRegistrar}. A server listens only when a handler is
 * bound to it or it is configured explicitly (see {@link ConfiguredPipeServers}). Every bean backs off when the application defines its own; an
 * application-defined {@link PipeTransport} serves every pipe. On Windows pipes are Win32 named
 * pipes through JNA, elsewhere Unix domain sockets.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
public final class PipeAutoConfiguration {

	@Bean(name = PipeHandlerAnnotationBeanPostProcessor.BEAN_NAME)
	@ConditionalOnMissingBean(name = PipeHandlerAnnotationBeanPostProcessor.BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static PipeHandlerAnnotationBeanPostProcessor pipeHandlerAnnotationBeanPostProcessor() {
		return new PipeHandlerAnnotationBeanPostProcessor();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ConfiguredPipeBeansRegistrar configuredPipeBeansRegistrar() {
		return new ConfiguredPipeBeansRegistrar();
	}

	@Bean
	@ConditionalOnMissingBean
	PipeHandlerRegistry pipeHandlerRegistry() {
		return new PipeHandlerRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnWindowsCondition.class)
	@ConditionalOnClass(name = "com.sun.jna.Native")
	NamedPipeApi namedPipeApi() {
		return new JnaNamedPipeApi();
	}

	@Bean
	PipeServerFactory pipeServerFactory(PipeHandlerRegistry registry, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<PipeTransport> transport, ObjectProvider<NamedPipeApi> namedPipeApi,
			Environment environment, ObjectProvider<PipePeerAuthorizer> authorizers,
			ObjectProvider<PipeInvocationWrapper> invocationWrappers) {
		PipePeerAuthorizer authorizer = authorizers.orderedStream()
			.reduce(PipePeerAuthorizer.ALLOW_ALL, PipePeerAuthorizer::and);
		PipeInvocationWrapper invocations = invocationWrappers.orderedStream()
			.reduce(PipeInvocationWrapper.NONE, PipeInvocationWrapper::around);
		return new PipeServerFactory(registry, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				transport.getIfUnique(), namedPipeApi.getIfUnique(), environment, authorizer, invocations);
	}

	@Bean
	ConfiguredPipeServers configuredPipeServers(PipeHandlerRegistry registry) {
		return new ConfiguredPipeServers(registry);
	}

	@Bean
	@ConditionalOnMissingBean(PipeServer.class)
	@ConditionalOnBooleanProperty(name = "pipe.server.enabled", matchIfMissing = true)
	PipeServer pipeServer(PipeServerFactory factory, ConfiguredPipeServers configured, PipeProperties properties) {
		PipeServerProperties server = properties.getServer();
		String name = server.getName();
		boolean named = name != null && !name.isBlank();
		return configured.add(factory.create(PipeHandlerRegistry.DEFAULT_SERVER, server),
				PipeHandlerRegistry.DEFAULT_SERVER, named);
	}

	@Bean
	@ConditionalOnMissingBean
	PipeServerLifecycle pipeServerLifecycle(ObjectProvider<PipeServer> servers, ConfiguredPipeServers configured) {
		return new PipeServerLifecycle(servers, configured);
	}

	@Bean
	PipeHandlerServerCheck pipeHandlerServerCheck(PipeHandlerRegistry registry, PipeProperties properties) {
		return new PipeHandlerServerCheck(registry, properties.getServers().keySet());
	}

}
