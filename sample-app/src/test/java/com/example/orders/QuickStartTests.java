package com.example.orders;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.example.orders.client.OrdersClient;
import com.example.orders.client.PlainJavaCalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.sample.TestSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Java code that README.md and docs/clients.md show, run: the quick start's handlers serve a
 * pipe, and the documented clients (the injected {@code @PipeExchange} interface, the client
 * without Spring, the proxy factory) call it. {@code .ci/docs-snippets} checks that the docs hold
 * exactly these sources.
 */
@SpringBootTest(classes = OrdersApplication.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class QuickStartTests {

	private static final Path SOCKET = TestSockets.socketPath("pipe-quick");

	@Autowired
	private OrdersClient ordersClient;

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		registry.add("pipe.server.name", SOCKET::toString);
		registry.add("pipe.clients.orders.pipe", SOCKET::toString);
	}

	@Test
	void handlersAnswerAsTheQuickStartSays() {
		try (PipeClient client = client()) {
			Order created = client.call("orders.create", Map.of("item", "coffee", "quantity", 2), Order.class);
			assertThat(created).isNotNull();
			assertThat(client.call("orders.get", List.of(created.id()), Order.class)).isEqualTo(created);
			assertThat(client.call("orders.find", Map.of("item", "coffee"),
					new ParameterizedTypeReference<List<Order>>() {
					}))
				.contains(created);
			assertThat(client.call("report", null, Integer.class)).isPositive();
			client.notify("orders.log", List.of("hello"));
			assertThatExceptionOfType(JsonRpcException.class)
				.isThrownBy(() -> client.call("orders.get", List.of(424242), Order.class))
				.satisfies((ex) -> {
					assertThat(ex.getCode()).isEqualTo(1001);
					assertThat(ex.getData()).hasToString("{\"id\":424242}");
				});
		}
	}

	@Test
	void injectedExchangeInterfaceCallsThePipe() throws Exception {
		Order created = createOrder("espresso", 3);
		assertThat(this.ordersClient.get(created.id())).isEqualTo(created);
		assertThat(this.ordersClient.find("espresso", 3).get(5, TimeUnit.SECONDS)).contains(created);
		this.ordersClient.log("hello from the typed client");
	}

	@Test
	void plainJavaClientCallsWatchesAndBatches(CapturedOutput output) throws Exception {
		Order first = createOrder("tea", 1);
		assertThat(first.id()).isPositive();

		PlainJavaCalls.callOrders(SOCKET.toString());

		assertThat(output).contains("watched Order[id=1,").contains("first Order[id=1,");
		await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains("changed Order[id=1,"));
	}

	@Test
	void proxyFactoryMakesATypedClientWithoutSpring() {
		Order created = createOrder("mocha", 1);
		try (PipeClient client = client()) {
			OrdersClient orders = PlainJavaCalls.typedClient(client);
			assertThat(orders.get(created.id())).isEqualTo(created);
		}
	}

	private static Order createOrder(String item, int quantity) {
		try (PipeClient client = client()) {
			Order created = client.call("orders.create", new NewOrder(item, quantity), Order.class);
			assertThat(created).isNotNull();
			return created;
		}
	}

	private static PipeClient client() {
		return PipeClient.builder(SOCKET.toString()).requestTimeout(Duration.ofSeconds(10)).build();
	}

}
