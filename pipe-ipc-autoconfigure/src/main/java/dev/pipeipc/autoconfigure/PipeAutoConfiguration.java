package dev.pipeipc.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandlerAnnotationBeanPostProcessor;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.server.PipeInvocationWrapper;
import dev.pipeipc.server.PipeRequestObserver;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.jsonrpc.JsonRpcExtensions;
import dev.pipeipc.server.jsonrpc.PipeExceptionResolver;
import dev.pipeipc.server.jsonrpc.PipeHandlerArgumentResolver;
import dev.pipeipc.server.jsonrpc.PipeHandlerValidator;
import dev.pipeipc.server.jsonrpc.annotation.ParamsArgumentResolver;
import dev.pipeipc.server.jsonrpc.annotation.PipeControllerAdviceBean;
import dev.pipeipc.server.jsonrpc.annotation.PipeExceptionHandlerResolver;
import dev.pipeipc.server.jsonrpc.annotation.RequestIdArgumentResolver;
import dev.pipeipc.server.jsonrpc.validation.BeanValidationHandlerValidator;
import dev.pipeipc.transport.PipePeerAuthorizer;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.windows.JnaNamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeApi;

/**
 * Auto-configuration for pipe servers and clients: binds {@code pipe.server.*} (and each
 * {@code pipe.servers.<id>.*}) to {@link PipeServer} beans whose lifecycle follows the
 * application context, routes requests to
 * {@link dev.pipeipc.annotation.PipeHandler @PipeHandler} methods, and makes each
 * {@code pipe.clients.<id>.*} a client bean. The properties
 * are bound once, by {@link ConfiguredPipeBeansRegistrar}. A server listens only when a handler is
 * bound to it or it is configured explicitly (see {@link ConfiguredPipeServers}). Every bean backs off when the application defines its own; an
 * application-defined {@link PipeTransport} serves every pipe. On Windows pipes are Win32 named
 * pipes through JNA, elsewhere Unix domain sockets.
 * <p>
 * Handlers are called with the application's {@link PipeHandlerArgumentResolver} beans (after the
 * built-in resolvers), answered through their beans' and {@code @PipeControllerAdvice} beans'
 * {@code @PipeExceptionHandler} methods and then the application's {@link PipeExceptionResolver}
 * beans, and validated with Bean Validation when the application has a
 * {@code jakarta.validation.Validator} (Spring Boot's validation module provides one when a Bean
 * Validation provider is on the class path).
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class,
		afterName = "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration")
@ImportRuntimeHints(PipePropertiesRuntimeHints.class)
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
	static PipeHandlerLazyInitializationExcludeFilter pipeHandlerLazyInitializationExcludeFilter() {
		return new PipeHandlerLazyInitializationExcludeFilter();
	}

	@Bean
	@ConditionalOnMissingBean
	PipeHandlerRegistry pipeHandlerRegistry() {
		return new PipeHandlerRegistry();
	}


	@Bean
	PipeServerFactory pipeServerFactory(PipeHandlerRegistry registry, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<PipeTransport> transport, ObjectProvider<NamedPipeApi> namedPipeApi,
			Environment environment, ObjectProvider<PipeRequestObserver> requestObserver,
			ObjectProvider<PipeHandlerArgumentResolver> argumentResolvers,
			ObjectProvider<PipeExceptionResolver> exceptionResolvers, ObjectProvider<PipeHandlerValidator> validator,
			ListableBeanFactory beanFactory, PipeServerFailureExit failureExit,
			ObjectProvider<PipePeerAuthorizer> authorizers, ObjectProvider<PipeInvocationWrapper> invocationWrappers) {
		PipePeerAuthorizer authorizer = authorizers.orderedStream()
			.reduce(PipePeerAuthorizer.ALLOW_ALL, PipePeerAuthorizer::and);
		PipeInvocationWrapper invocations = invocationWrappers.orderedStream()
			.reduce(PipeInvocationWrapper.NONE, PipeInvocationWrapper::around);
		return new PipeServerFactory(registry, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				transport.getIfUnique(), namedPipeApi.getIfUnique(), environment, requestObserver::getIfUnique,
				extensions(argumentResolvers, exceptionResolvers, validator, beanFactory), failureExit, authorizer,
				invocations);
	}

	@Bean
	@ConditionalOnMissingBean
	PipeServerFailureExit pipeServerFailureExit() {
		return new PipeServerFailureExit();
	}

	private static JsonRpcExtensions extensions(ObjectProvider<PipeHandlerArgumentResolver> argumentResolvers,
			ObjectProvider<PipeExceptionResolver> exceptionResolvers, ObjectProvider<PipeHandlerValidator> validator,
			ListableBeanFactory beanFactory) {
		List<PipeHandlerArgumentResolver> arguments = new ArrayList<>();
		arguments.add(new RequestIdArgumentResolver());
		arguments.add(new ParamsArgumentResolver());
		argumentResolvers.orderedStream().forEach(arguments::add);
		List<PipeExceptionResolver> exceptions = new ArrayList<>();
		exceptions.add(new PipeExceptionHandlerResolver(() -> PipeControllerAdviceBean.findAnnotatedBeans(beanFactory)));
		exceptionResolvers.orderedStream().forEach(exceptions::add);
		return new JsonRpcExtensions(arguments, exceptions, validator.getIfUnique());
	}

	@Bean
	ConfiguredPipeServers configuredPipeServers(PipeHandlerRegistry registry) {
		return new ConfiguredPipeServers(registry);
	}

	@Bean(ConfiguredPipeBeans.BEAN_NAME)
	ConfiguredPipeBeans configuredPipeBeans(PipeProperties properties, PipeServerFactory serverFactory,
			ConfiguredPipeServers servers) {
		return new ConfiguredPipeBeans(properties, serverFactory, servers);
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

	/**
	 * Win32 named pipes through JNA, on Windows only. The operating system is checked first, in
	 * a configuration of its own, so that elsewhere not even JNA's classes are looked up: a
	 * condition on the bean method itself would load {@code com.sun.jna.Native} on every start.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnWindowsCondition.class)
	static class WindowsNamedPipeConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnClass(name = "com.sun.jna.Native")
		NamedPipeApi namedPipeApi() {
			return new JnaNamedPipeApi();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "jakarta.validation.Validator")
	static class PipeHandlerValidationConfiguration {

		@Bean
		@ConditionalOnMissingBean(PipeHandlerValidator.class)
		@ConditionalOnBean(type = "jakarta.validation.Validator")
		BeanValidationHandlerValidator pipeHandlerValidator(jakarta.validation.Validator validator) {
			return new BeanValidationHandlerValidator(validator);
		}

	}

	@Bean
	OpenRpcDiscoveryRegistrar openRpcDiscoveryRegistrar(PipeHandlerRegistry registry, ObjectProvider<PipeServer> servers,
			ConfiguredPipeServers configured, PipeProperties properties, ObjectProvider<JsonMapper> jsonMapper,
			Environment environment, ObjectProvider<PipeHandlerArgumentResolver> argumentResolvers) {
		return new OpenRpcDiscoveryRegistrar(registry, servers, configured, properties,
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), environment, argumentResolvers);
	}

	@Bean
	PipeHandlerServerCheck pipeHandlerServerCheck(PipeHandlerRegistry registry, PipeProperties properties) {
		return new PipeHandlerServerCheck(registry, properties.getServers().keySet());
	}

}
