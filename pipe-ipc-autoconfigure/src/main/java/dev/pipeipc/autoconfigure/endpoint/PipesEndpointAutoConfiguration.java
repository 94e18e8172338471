package dev.pipeipc.autoconfigure.endpoint;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.web.mappings.MappingsEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.autoconfigure.ConfiguredPipeServers;
import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.server.PipeServer;

/**
 * Auto-configuration of the {@code pipes} actuator endpoint and of the pipe handlers in the
 * {@code mappings} endpoint, when Spring Boot's actuator is on the classpath and the endpoint is
 * available (its access is not {@code none} and it is exposed). Each bean backs off when the
 * application defines one of its type.
 */
@AutoConfiguration(after = PipeAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(ConfiguredPipeServers.class)
public final class PipesEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	PipesEndpoint pipesEndpoint(ListableBeanFactory beanFactory, ConfiguredPipeServers configured) {
		return new PipesEndpoint(beanFactory.getBeansOfType(PipeServer.class),
				beanFactory.getBeansOfType(PipeClient.class), configured);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(MappingsEndpoint.class)
	static class PipeMappingsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PipeHandlerMappingDescriptionProvider pipeHandlerMappingDescriptionProvider() {
			return new PipeHandlerMappingDescriptionProvider();
		}

	}

}
