package dev.pipeipc.autoconfigure.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import dev.pipeipc.autoconfigure.PipeAutoConfiguration;

/**
 * With Spring Security on the class path, every handler call runs with its peer as the
 * {@code Authentication}, so {@code @PreAuthorize} on {@code @PipeHandler} methods works once the
 * application enables method security ({@code @EnableMethodSecurity}).
 */
@AutoConfiguration(before = PipeAutoConfiguration.class)
@ConditionalOnClass(SecurityContextHolder.class)
public final class PipeSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PipePeerAuthenticationConverter pipePeerAuthenticationConverter() {
		return new DefaultPipePeerAuthenticationConverter();
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityContextInvocationWrapper pipeSecurityContextInvocationWrapper(PipePeerAuthenticationConverter converter,
			ObjectProvider<SecurityContextHolderStrategy> strategy) {
		return new SecurityContextInvocationWrapper(converter,
				strategy.getIfAvailable(SecurityContextHolder::getContextHolderStrategy));
	}

}
