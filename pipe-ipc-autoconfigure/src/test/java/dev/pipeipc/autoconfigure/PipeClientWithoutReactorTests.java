package dev.pipeipc.autoconfigure;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import org.springframework.boot.test.context.FilteredClassLoader;
import reactor.core.publisher.Flux;

import dev.pipeipc.client.PipeClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reactor is optional: without it the auto-configuration starts, the {@link PipeClient} and the
 * {@code @PipeExchange} proxies work (streams as {@link java.util.stream.Stream}), and reflecting on
 * their classes, as Spring does on every bean, finds no method naming a Reactor type.
 * {@link FilteredClassLoader} hides Reactor from the context's conditions; the scenario itself runs
 * in a class loader built without the Reactor and Reactive Streams jars, so that a class of the
 * library naming {@code Flux} would fail there with {@link NoClassDefFoundError}.
 */
class PipeClientWithoutReactorTests {

	@TempDir
	Path directory;

	@Test
	void autoConfigurationStartsWhenReactorIsFilteredOut() {
		PipeContextRunners.pipeAutoConfiguration(this.directory)
			.withClassLoader(new FilteredClassLoader(Flux.class, Publisher.class))
			.withPropertyValues("pipe.server.name=shop", "pipe.clients.shop.directory=" + this.directory)
			.withUserConfiguration(WithoutReactorScenario.ShopHandlers.class, WithoutReactorScenario.Clients.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(PipeClient.class);
				assertThat(context.getBean(WithoutReactorScenario.Shop.class).price("tea")).isEqualTo(3);
			});
	}

	@Test
	void clientsProxiesAndAutoConfigurationWorkInAClassLoaderWithoutReactor() throws Exception {
		try (URLClassLoader withoutReactor = new URLClassLoader(classPathWithoutReactor(),
				ClassLoader.getPlatformClassLoader())) {
			Thread thread = Thread.currentThread();
			ClassLoader previous = thread.getContextClassLoader();
			thread.setContextClassLoader(withoutReactor);
			try {
				Callable<?> scenario = (Callable<?>) withoutReactor.loadClass(WithoutReactorScenario.class.getName())
					.getConstructor(String.class)
					.newInstance(this.directory.toString());
				assertThat(scenario.call()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
					.containsExactly("price=3", "prices=[1, 2]", "client prices=[1, 2]");
				assertThatExceptionOfType(NoClassDefFoundError.class)
					.isThrownBy(() -> withoutReactor.loadClass("dev.pipeipc.client.reactive.ReactivePipeClient")
						.getDeclaredMethods());
			}
			finally {
				thread.setContextClassLoader(previous);
			}
		}
	}

	private static URL[] classPathWithoutReactor() throws MalformedURLException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			String name = new File(entry).getName();
			if (!name.startsWith("reactor-") && !name.startsWith("reactive-streams")) {
				urls.add(new File(entry).toURI().toURL());
			}
		}
		assertThat(urls).hasSizeLessThan(classPath.split(File.pathSeparator).length);
		return urls.toArray(URL[]::new);
	}

}
