package dev.pipeipc.autoconfigure;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

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
		}
	}

	/**
	 * On Linux the I/O threads' native socket control looks JNA up and loads its native library
	 * when the first server opens; the preinitializer does it ahead, off the main thread.
	 */
	@Test
	void findsTheNativeSocketControlOnLinux() throws Exception {
		assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "The preinitializer is off on one processor");
		assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "Native socket control is Linux only");
		try (FreshClassLoader loader = new FreshClassLoader()) {
			Class<?> preinitializer = loader.loadClass(PipeBackgroundPreinitializer.class.getName());
			Constructor<?> constructor = preinitializer.getDeclaredConstructor();
			constructor.setAccessible(true);
			Method onEvent = preinitializer.getMethod("onApplicationEvent",
					loader.loadClass(ApplicationEnvironmentPreparedEvent.class.getName()));
			onEvent.setAccessible(true);
			assertThat(loader.hasLoaded(PipeBackgroundPreinitializer.NATIVE_SOCKET_CONTROL)).isFalse();
			onEvent.invoke(constructor.newInstance(), (Object) null);
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> loader.hasLoaded(PipeBackgroundPreinitializer.NATIVE_SOCKET_CONTROL)
						&& loader.hasLoaded("com.sun.jna.Native"));
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

	/**
	 * The test class path in a class loader of its own, which says which classes it has loaded.
	 */
	static final class FreshClassLoader extends URLClassLoader {

		FreshClassLoader() throws MalformedURLException {
			super(classPath(), ClassLoader.getPlatformClassLoader());
		}

		boolean hasLoaded(String name) {
			synchronized (getClassLoadingLock(name)) {
				return findLoadedClass(name) != null;
			}
		}

		private static URL[] classPath() throws MalformedURLException {
			List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
			URL[] urls = new URL[entries.size()];
			for (int i = 0; i < urls.length; i++) {
				urls[i] = new File(entries.get(i)).toURI().toURL();
			}
			return urls;
		}

	}

}
