package dev.pipeipc.autoconfigure;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import dev.pipeipc.FreshClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The background preinitializer: registered for every application through
 * {@code spring.factories}, it loads the server's classes on its own thread, and an application
 * starts normally with it.
 */
class PipeBackgroundPreinitializerTests {

	@Test
	void isRegisteredAsAnApplicationListener() {
		List<ApplicationListener> listeners = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(ApplicationListener.class);
		assertThat(listeners).hasAtLeastOneElementOfType(PipeBackgroundPreinitializer.class);
	}

	/**
	 * The classes are long loaded in the test's own class loader, so the preinitializer runs in a
	 * fresh one, where only it can load them.
	 */
	@Test
	void loadsTheServerClassesWhenTheEnvironmentIsPrepared() throws Exception {
		assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "The preinitializer is off on one processor");
		try (FreshClassLoader loader = new FreshClassLoader()) {
			Class<?> preinitializer = loader.loadClass(PipeBackgroundPreinitializer.class.getName());
			Constructor<?> constructor = preinitializer.getDeclaredConstructor();
			constructor.setAccessible(true);
			Method onEvent = preinitializer.getMethod("onApplicationEvent",
					loader.loadClass(ApplicationEnvironmentPreparedEvent.class.getName()));
			onEvent.setAccessible(true);
			assertThat(PipeBackgroundPreinitializer.SERVER_CLASSES).noneMatch(loader::hasLoaded);
			onEvent.invoke(constructor.newInstance(), (Object) null);
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(PipeBackgroundPreinitializer.SERVER_CLASSES).allMatch(loader::hasLoaded));
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(PipeBackgroundPreinitializer.CONTEXT_CLASSES).allMatch(loader::hasLoaded));
			assertThat(PipeBackgroundPreinitializer.CONFIGURATION_CLASSES).allMatch(loader::hasLoaded);
			assertThat(PipeBackgroundPreinitializer.PROPERTIES_CLASSES).allMatch(loader::hasLoaded);
		}
	}

	/**
	 * JNA and its native library are the largest single cost of a pipe server's start on Linux;
	 * the transport looks for them when the first connection arrives, after startup, so the
	 * preinitializer must not load them either.
	 */
	@Test
	void leavesJnaToTheFirstConnection() throws Exception {
		assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "The preinitializer is off on one processor");
		try (FreshClassLoader loader = new FreshClassLoader()) {
			Class<?> preinitializer = loader.loadClass(PipeBackgroundPreinitializer.class.getName());
			Constructor<?> constructor = preinitializer.getDeclaredConstructor();
			constructor.setAccessible(true);
			Method onEvent = preinitializer.getMethod("onApplicationEvent",
					loader.loadClass(ApplicationEnvironmentPreparedEvent.class.getName()));
			onEvent.setAccessible(true);
			onEvent.invoke(constructor.newInstance(), (Object) null);
			// The preinitializer's thread is alive from the call on, until it has done everything.
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> Thread.getAllStackTraces()
					.keySet()
					.stream()
					.noneMatch((thread) -> thread.getName().equals("pipe-background-preinit")));
			assertThat(PipeBackgroundPreinitializer.SERVER_CLASSES).allMatch(loader::hasLoaded);
			assertThat(loader.hasLoaded("com.sun.jna.Native")).isFalse();
			assertThat(loader.hasLoaded("dev.pipeipc.transport.unix.NativeSocketControl$Detected")).isFalse();
		}
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

	@Test
	void namesJdkClassesThatExistOnThisJdk() throws Exception {
		for (String name : PipeBackgroundPreinitializer.JDK_CLASSES) {
			assertThat(Class.forName(name, false, ClassLoader.getPlatformClassLoader())).isNotNull();
		}
	}

	@Test
	void preparesServersUnlessTheConfigurationStartsNone() {
		assertThat(PipeBackgroundPreinitializer.mayStartServer(environment(Map.of()))).isTrue();
		assertThat(PipeBackgroundPreinitializer.mayStartServer(environment(Map.of("pipe.server.enabled", "true"))))
			.isTrue();
		assertThat(PipeBackgroundPreinitializer.mayStartServer(environment(Map.of("pipe.server.enabled", "false"))))
			.isFalse();
		assertThat(PipeBackgroundPreinitializer
			.mayStartServer(environment(Map.of("pipe.server.enabled", " FALSE ", "pipe.clients.orders.name", "orders"))))
			.isFalse();
		assertThat(PipeBackgroundPreinitializer
			.mayStartServer(environment(Map.of("pipe.server.enabled", "false", "pipe.servers.raw.name", "raw"))))
			.isTrue();
		assertThat(PipeBackgroundPreinitializer
			.mayStartServer(environment(Map.of("pipe.server.enabled", "false", "PIPE_SERVERS_RAW_NAME", "raw"))))
			.isTrue();
	}

	@Test
	void preparesNoServerWhenEveryEntryIsSwitchedOff() {
		assertThat(PipeBackgroundPreinitializer.mayStartServer(environment(Map.of("pipe.server.enabled", "false",
				"pipe.servers.raw.name", "raw", "pipe.servers.raw.enabled", "false"))))
			.isFalse();
		assertThat(PipeBackgroundPreinitializer.mayStartServer(environment(Map.of("pipe.server.enabled", "false",
				"pipe.servers.raw.name", "raw", "pipe.servers.raw.enabled", " Off "))))
			.isFalse();
		assertThat(PipeBackgroundPreinitializer.mayStartServer(environment(Map.of("pipe.server.enabled", "false",
				"pipe.servers.raw.enabled", "false", "pipe.servers.admin.name", "admin"))))
			.isTrue();
		assertThat(PipeBackgroundPreinitializer.mayStartServer(environment(Map.of("pipe.server.enabled", "false",
				"pipe.servers.raw.name", "raw", "pipe.servers.raw.enabled", "true"))))
			.isTrue();
	}

	@Test
	void unresolvablePlaceholderCountsAsAServerThatMayStart() {
		assertThat(PipeBackgroundPreinitializer.mayStartServer(environment(Map.of("pipe.server.enabled", "${unset}"))))
			.isTrue();
		assertThat(PipeBackgroundPreinitializer.mayStartServer(environment(Map.of("pipe.server.enabled", "false",
				"pipe.servers.raw.name", "raw", "pipe.servers.raw.enabled", "${unset}"))))
			.isTrue();
	}

	@Test
	void readsTheSwitchOfAnEntryWrittenWithBracketsThroughSpringBootsAttachedSource() {
		StandardEnvironment environment = environment(
				Map.of("pipe.server.enabled", "false", "pipe.servers[raw].name", "raw", "pipe.servers[raw].enabled", "no"));
		ConfigurationPropertySources.attach(environment);
		assertThat(PipeBackgroundPreinitializer.mayStartServer(environment)).isFalse();
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
