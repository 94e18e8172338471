package dev.pipeipc.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.pipeipc.client.PipeCallObserver;
import dev.pipeipc.observation.ObservationPipeCallObserver;
import dev.pipeipc.observation.ObservationPipeRequestObserver;
import dev.pipeipc.observation.PipeClientObservationConvention;
import dev.pipeipc.observation.PipeServerObservationConvention;
import dev.pipeipc.server.PipeRequestObserver;

/**
 * Auto-configuration of Micrometer observations for pipes, when {@code micrometer-observation} is
 * on the classpath and the application has an {@link ObservationRegistry} (Spring Boot's
 * observation module makes one): every server observes its requests as
 * {@code pipe.server.requests} and every configured client its calls as
 * {@code pipe.client.requests}. A {@link PipeServerObservationConvention} or
 * {@link PipeClientObservationConvention} bean replaces the default naming and keys; a
 * {@link PipeRequestObserver} or {@link PipeCallObserver} bean replaces the observer.
 * {@code management.observations.enable.pipe=false} turns both off.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class PipeObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(PipeRequestObserver.class)
	ObservationPipeRequestObserver pipeRequestObserver(ObservationRegistry registry,
			ObjectProvider<PipeServerObservationConvention> convention) {
		return new ObservationPipeRequestObserver(registry, convention.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean(PipeCallObserver.class)
	ObservationPipeCallObserver pipeCallObserver(ObservationRegistry registry,
			ObjectProvider<PipeClientObservationConvention> convention) {
		return new ObservationPipeCallObserver(registry, convention.getIfUnique());
	}

}
