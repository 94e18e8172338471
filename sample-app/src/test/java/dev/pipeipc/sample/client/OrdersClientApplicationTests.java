package dev.pipeipc.sample.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import dev.pipeipc.client.registry.ImportPipeExchanges;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.sample.NewOrder;
import dev.pipeipc.sample.Order;
import dev.pipeipc.sample.OrderHandlers;
import dev.pipeipc.sample.OrdersApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two Spring Boot applications in one test: the order desk serving its pipe, and a separate client
 * application that injects {@link OrdersClient} (declared with {@code @PipeExchange}, wired by
 * {@code pipe.clients.orders.*} and {@code @ImportPipeExchanges}) and calls it.
 */
class OrdersClientApplicationTests {

	private static Path directory;

	private static ConfigurableApplicationContext desk;

	private static ConfigurableApplicationContext caller;

	@BeforeAll
	static void startBoth() throws Exception {
		directory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "orders-client");
		desk = new SpringApplicationBuilder(OrdersApplication.class).web(WebApplicationType.NONE)
			.run("--pipe.server.directory=" + directory);
		caller = new SpringApplicationBuilder(CallerApplication.class).web(WebApplicationType.NONE)
			.run("--pipe.server.enabled=false", "--spring.application.name=caller",
					"--pipe.clients.orders.directory=" + directory, "--pipe.clients.orders.request-timeout=5s");
	}

	@AfterAll
	static void stopBoth() {
		caller.close();
		desk.close();
		FileSystemUtils.deleteRecursively(directory.toFile());
	}

	@Test
	void injectedInterfaceCallsTheOrderDesk() throws Exception {
		OrdersClient orders = caller.getBean(OrdersClient.class);
		Order created = orders.create(new NewOrder("espresso", 3));
		assertThat(created.status()).isEqualTo(Order.Status.OPEN);
		assertThat(orders.get(created.id())).isEqualTo(created);
		assertThat(orders.find("espresso", 2).get(5, TimeUnit.SECONDS)).contains(created);
		assertThat(orders.cancel(created.id()).status()).isEqualTo(Order.Status.CANCELLED);
		orders.log("hello from the caller");
	}

	@Test
	void applicationErrorsReachTheCallerWithTheirData() {
		OrdersClient orders = caller.getBean(OrdersClient.class);
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> orders.get(987654))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(OrderHandlers.ORDER_NOT_FOUND);
				assertThat(ex.getData()).hasToString("{\"id\":987654}");
			});
	}

	/**
	 * A separate application that only calls the order desk.
	 */
	@SpringBootApplication(scanBasePackages = "dev.pipeipc.sample.client.none")
	@ImportPipeExchanges(client = "orders", types = OrdersClient.class)
	static class CallerApplication {

	}

}
