package dev.pipeipc.autoconfigure;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.annotation.PipeExchange;
import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.registry.ImportPipeExchanges;

/**
 * What {@link PipeClientWithoutReactorTests} runs in a class loader that has no Reactor and no
 * Reactive Streams: an application context with a server, a {@code pipe.clients} client and a
 * {@code @PipeExchange} interface whose methods call and stream, every bean's declared methods
 * reflected upon as Spring does. Public, and free of test libraries, as it is loaded by name.
 */
public class WithoutReactorScenario implements Callable<List<String>> {

	private final String directory;

	public WithoutReactorScenario(String directory) {
		this.directory = directory;
	}

	@Override
	public List<String> call() {
		try {
			Class.forName("reactor.core.publisher.Flux");
			throw new IllegalStateException("Reactor is visible to the scenario's class loader");
		}
		catch (ClassNotFoundException expected) {
			// As it should be.
		}
		List<String> seen = new ArrayList<>();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PipeAutoConfiguration.class))
			.withPropertyValues("pipe.server.directory=" + this.directory, "pipe.server.name=shop",
					"pipe.clients.shop.directory=" + this.directory)
			.withUserConfiguration(ShopHandlers.class, Clients.class)
			.run((context) -> {
				if (context.getStartupFailure() != null) {
					throw new IllegalStateException(context.getStartupFailure());
				}
				for (String name : context.getBeanDefinitionNames()) {
					Class<?> type = context.getType(name);
					if (type != null) {
						reflectOn(type);
					}
				}
				PipeClient client = context.getBean(PipeClient.class);
				reflectOn(client.getClass());
				Shop shop = context.getBean(Shop.class);
				seen.add("price=" + shop.price("tea"));
				try (Stream<Integer> prices = shop.prices()) {
					seen.add("prices=" + prices.toList());
				}
				try (Stream<Integer> prices = client.stream("shop.prices", null, Integer.class)) {
					seen.add("client prices=" + prices.toList());
				}
			});
		return seen;
	}

	private static void reflectOn(Class<?> type) {
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			for (Method method : current.getDeclaredMethods()) {
				method.getGenericReturnType();
			}
		}
	}

	@PipeExchange("shop")
	public interface Shop {

		@PipeExchange
		int price(String item);

		@PipeExchange
		Stream<Integer> prices();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportPipeExchanges(client = "shop", types = Shop.class)
	static class Clients {

	}

	@Configuration(proxyBeanMethods = false)
	static class ShopHandlers {

		@PipeHandler("shop.price")
		int price(String item) {
			return 3;
		}

		/** A list answers as an array, which a client reads as a stream whose values all came at once. */
		@PipeHandler("shop.prices")
		List<Integer> prices() {
			return List.of(1, 2);
		}

	}

}
