package dev.pipeipc.autoconfigure.observation;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.server.PipeServer;

/**
 * Auto-configuration of the pipe servers' meters (connections, requests in progress, bytes,
 * refused connections, framing errors, cancel requests), when {@code micrometer-core} is on the
 * classpath and the application has a {@link MeterRegistry}. Backs off when the application
 * defines a {@code pipeServersMeterBinder} bean.
 */
@AutoConfiguration(after = PipeAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class PipeMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "pipeServersMeterBinder")
	PipeServersMeterBinder pipeServersMeterBinder(ObjectProvider<PipeServer> servers) {
		return new PipeServersMeterBinder(servers);
	}

}
