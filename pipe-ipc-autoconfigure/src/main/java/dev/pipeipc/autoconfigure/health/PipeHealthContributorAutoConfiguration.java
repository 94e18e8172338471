package dev.pipeipc.autoconfigure.health;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

import dev.pipeipc.autoconfigure.ConfiguredPipeServers;
import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.server.PipeServer;

/**
 * Auto-configuration of the {@code pipe} health contributor, when Spring Boot's health module is
 * on the classpath and {@code management.health.pipe.enabled} is not {@code false}. It depends on
 * {@link ConfiguredPipeServers} rather than on a {@link PipeServer} bean because the servers of
 * {@code pipe.servers.<id>} are defined after conditions are evaluated. Backs off
 * when the application defines a {@code pipeHealthContributor} or {@code pipeHealthIndicator}
 * bean.
 */
@AutoConfiguration(after = PipeAutoConfiguration.class)
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(ConfiguredPipeServers.class)
@ConditionalOnEnabledHealthIndicator("pipe")
public final class PipeHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "pipeHealthIndicator", "pipeHealthContributor" })
	PipeHealthContributor pipeHealthContributor(Map<String, PipeServer> servers, ConfiguredPipeServers configured) {
		return new PipeHealthContributor(servers, configured);
	}

}
