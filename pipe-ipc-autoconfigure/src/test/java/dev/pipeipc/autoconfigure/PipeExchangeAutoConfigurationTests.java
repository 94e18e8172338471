package dev.pipeipc.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.annotation.PipeExchange;
import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.client.registry.ImportPipeExchanges;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.jsonrpc.JsonRpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code pipe.clients.<id>.*} clients and {@link ImportPipeExchanges} interfaces wired by the
 * auto-configuration, calling a real server of the same context over its socket.
 */
class PipeExchangeAutoConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration()
			.withPropertyValues("pipe.server.directory=" + this.directory, "pipe.server.name=shop",
					"pipe.clients.shop.directory=" + this.directory)
			.withUserConfiguration(ShopHandlers.class, Clients.class);
	}

	@Test
	void clientBeanIsNamedAfterItsIdAndBoundToProperties() {
		runner().withPropertyValues("pipe.clients.shop.framing=content-length", "pipe.clients.shop.request-timeout=3s")
			.run((context) -> {
				assertThat(context).hasBean("shopPipeClient");
				PipeClient client = context.getBean("shopPipeClient", PipeClient.class);
				assertThat(client.getAddress()).isEqualTo(this.directory.resolve("shop.sock").toString());
			});
	}

	@Test
	void injectedInterfaceCallsTheServer() {
		runner().run((context) -> {
			ShopClient shop = context.getBean(ShopClient.class);
			assertThat(shop.price("tea")).isEqualTo(3);
			assertThat(shop.basket(List.of(new Item("tea", 2), new Item("cake", 1)))).isEqualTo(8);
		});
	}

	@Test
	void prefixAndExplicitNamesBuildTheMethodName() {
		runner().run((context) -> assertThat(context.getBean(ShopClient.class).items()).containsExactly("tea", "cake"));
	}

	@Test
	void namedParamsAreSentByParameterName() {
		runner().run((context) -> assertThat(context.getBean(ShopClient.class).quote("cake", 3)).isEqualTo(6));
	}

	@Test
	void futureReturnTypeCallsWithoutBlocking() throws Exception {
		runner().run((context) -> {
			CompletableFuture<Integer> price = context.getBean(ShopClient.class).priceAsync("cake");
			assertThat(price.get(5, TimeUnit.SECONDS)).isEqualTo(2);
		});
	}

	@Test
	void voidMethodSendsANotification() {
		runner().run((context) -> {
			context.getBean(ShopClient.class).log("hello");
			ShopHandlers handlers = context.getBean(ShopHandlers.class);
			Awaitility.await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(handlers.logged).containsExactly("hello"));
		});
	}

	@Test
	void serverErrorsSurfaceAsJsonRpcException() {
		runner().run((context) -> assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> context.getBean(ShopClient.class).price("caviar"))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(404);
				assertThat(ex.getMessage()).isEqualTo("No price for caviar");
				assertThat(ex.getData()).hasToString("{\"item\":\"caviar\"}");
			}));
	}

	@Test
	void defaultMethodsRunOnTheProxy() {
		runner().run((context) -> assertThat(context.getBean(ShopClient.class).priceOfTwo("tea")).isEqualTo(6));
	}

	@Test
	void clientFollowsTheConfiguredFraming() {
		runner().withPropertyValues("pipe.server.framing=newline", "pipe.clients.shop.framing=newline")
			.run((context) -> assertThat(context.getBean(ShopClient.class).price("tea")).isEqualTo(3));
	}

	@Test
	void interfaceForAnUnconfiguredClientFailsWithAHint() {
		PipeContextRunners.pipeAutoConfiguration()
			.withPropertyValues("pipe.server.enabled=false")
			.withUserConfiguration(Clients.class)
			.run((context) -> {
				assertThatException()
					.isThrownBy(() -> context.getBean(ShopClient.class))
					.withStackTraceContaining("pipe.clients.shop.pipe");
			});
	}

	record Item(String name, int quantity) {
	}

	@PipeExchange("shop")
	interface ShopClient {

		@PipeExchange
		int price(String item);

		@PipeExchange("price")
		CompletableFuture<Integer> priceAsync(String item);

		@PipeExchange
		int basket(List<Item> items);

		@PipeExchange("catalog")
		List<String> items();

		@PipeExchange(params = PipeExchange.Params.NAMED)
		int quote(String item, int quantity);

		@PipeExchange
		void log(String message);

		default int priceOfTwo(String item) {
			return 2 * price(item);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportPipeExchanges(client = "shop", types = ShopClient.class)
	static class Clients {

	}

	@Configuration(proxyBeanMethods = false)
	static class ShopHandlers {

		final List<String> logged = new CopyOnWriteArrayList<>();

		private static final Map<String, Integer> PRICES = Map.of("tea", 3, "cake", 2);

		@PipeHandler("shop.price")
		int price(String item) {
			Integer price = PRICES.get(item);
			if (price == null) {
				throw new JsonRpcException(404, "No price for " + item, Map.of("item", item));
			}
			return price;
		}

		@PipeHandler("shop.basket")
		int basket(List<Item> items) {
			return items.stream().mapToInt((item) -> price(item.name()) * item.quantity()).sum();
		}

		@PipeHandler("shop.catalog")
		List<String> catalog() {
			return List.of("tea", "cake");
		}

		@PipeHandler("shop.quote")
		int quote(String item, int quantity) {
			return price(item) * quantity;
		}

		@PipeHandler("shop.log")
		void log(String message) {
			this.logged.add(message);
		}

	}

}
