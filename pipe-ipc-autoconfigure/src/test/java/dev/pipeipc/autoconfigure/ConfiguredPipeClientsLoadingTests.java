package dev.pipeipc.autoconfigure;

import java.lang.reflect.Method;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.FreshClassLoader;
import dev.pipeipc.client.PipeClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client side is registered, and its classes loaded, only when a {@code pipe.clients.<id>}
 * entry is configured.
 */
class ConfiguredPipeClientsLoadingTests {

	private static final String[] CLIENT_CLASSES = { "dev.pipeipc.client.PipeClient",
			"dev.pipeipc.client.PipeCallObserver", "dev.pipeipc.autoconfigure.ConfiguredPipeClients",
			"dev.pipeipc.autoconfigure.PipeClientFactory" };

	@TempDir
	Path directory;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PipeAutoConfiguration.class))
		.withPropertyValues("pipe.server.enabled=false");

	@Test
	void clientFactoryIsRegisteredOnlyWithAClientEntry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.containsBean(ConfiguredPipeClients.BEAN_NAME)).isFalse();
			assertThat(context).doesNotHaveBean(PipeClient.class);
		});
		this.contextRunner
			.withPropertyValues("pipe.clients.orders.pipe=orders", "pipe.clients.orders.directory=" + this.directory)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.containsBean(ConfiguredPipeClients.BEAN_NAME)).isTrue();
				assertThat(context).hasSingleBean(PipeClient.class);
				assertThat(context.getBean("ordersPipeClient", PipeClient.class).getAddress())
					.isEqualTo(this.directory.resolve("orders.sock").toString());
			});
	}

	/**
	 * An application started in a class loader of its own loads none of the client's classes
	 * without a client entry, and does load them with one (the same check, so that it cannot pass
	 * by looking in the wrong loader).
	 */
	@Test
	void applicationWithoutClientsLoadsNoClientClasses() throws Exception {
		try (FreshClassLoader loader = new FreshClassLoader()) {
			start(loader, "--pipe.server.enabled=false");
			assertThat(CLIENT_CLASSES).noneMatch(loader::hasLoaded);
		}
		try (FreshClassLoader loader = new FreshClassLoader()) {
			start(loader, "--pipe.server.enabled=false", "--pipe.clients.orders.pipe=orders",
					"--pipe.clients.orders.directory=" + this.directory);
			assertThat(CLIENT_CLASSES).allMatch(loader::hasLoaded);
		}
	}

	private static void start(FreshClassLoader loader, String... args) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			Method run = loader.loadClass(Launch.class.getName()).getDeclaredMethod("run", String[].class);
			run.setAccessible(true);
			run.invoke(null, (Object) args);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** Starts and closes an application; loaded in the fresh class loader, with all it uses. */
	static final class Launch {

		private Launch() {
		}

		static void run(String[] args) {
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
				.web(WebApplicationType.NONE)
				.properties("spring.main.banner-mode=off")
				.run(args)) {
				assertThat(context.isRunning()).isTrue();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, PipeAutoConfiguration.class })
	static class Application {

	}

}
