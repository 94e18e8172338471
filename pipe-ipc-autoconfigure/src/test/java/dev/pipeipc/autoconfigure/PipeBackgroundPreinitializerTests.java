package dev.pipeipc.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The background preinitializer: registered for every application through
 * {@code spring.factories}, and an application starts normally with it whether its thread runs or
 * is switched off.
 */
class PipeBackgroundPreinitializerTests {

	@Test
	void isRegisteredAsAnApplicationListener() {
		List<ApplicationListener> listeners = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(ApplicationListener.class);
		assertThat(listeners).hasAtLeastOneElementOfType(PipeBackgroundPreinitializer.class);
	}

	@Test
	void applicationStartsWithThePreinitializerRunning() {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--pipe.server.enabled=false")) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
