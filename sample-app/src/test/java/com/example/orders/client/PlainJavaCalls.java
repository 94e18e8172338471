package com.example.orders.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.example.orders.Order;

import org.springframework.core.ParameterizedTypeReference;

import dev.pipeipc.client.PipeBatch;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeClientAdapter;
import dev.pipeipc.client.PipeServiceProxyFactory;

/**
 * The Java client without Spring, as docs/clients.md shows it: the regions between the tags are
 * copied into the docs, and {@code QuickStartTests} runs them against the quick start's handlers.
 */
public final class PlainJavaCalls {

	private PlainJavaCalls() {
	}

	/**
	 * Call the pipe the documented way, printing what comes back.
	 * @param pipe the pipe name ({@code orders}) or a socket path
	 * @throws Exception on any failure
	 */
	public static void callOrders(String pipe) throws Exception {
		// tag::plain-client[]
		try (PipeClient client = PipeClient.builder(pipe).requestTimeout(Duration.ofSeconds(5)).build()) {
			client.onNotification("orders.changed", Order.class, (changed) -> System.out.println("changed " + changed));
			Order watched = client.call("orders.watch", List.of(1), Order.class);
			CompletableFuture<List<Order>> found = client.callAsync("orders.find", Map.of("item", "tea"),
					new ParameterizedTypeReference<List<Order>>() {});
			client.notify("orders.log", List.of("hello"));

			PipeBatch batch = client.batch();                 // one message, answered in one frame
			CompletableFuture<Order> first = batch.call("orders.get", List.of(1), Order.class);
			CompletableFuture<Integer> count = batch.call("report", null, Integer.class);
			batch.send();

			System.out.println("watched " + watched + ", found " + found.get());
			System.out.println("first " + first.get() + " of " + count.get() + " order(s)");
		}
		// end::plain-client[]
	}

	/**
	 * Create a typed client without Spring.
	 * @param client a client to call through
	 * @return the typed client
	 */
	public static OrdersClient typedClient(PipeClient client) {
		// tag::proxy-factory[]
		PipeServiceProxyFactory factory = PipeServiceProxyFactory.builderFor(PipeClientAdapter.create(client))
			.timeout(Duration.ofSeconds(5))
			.build();
		OrdersClient orders = factory.createClient(OrdersClient.class);
		// end::proxy-factory[]
		return orders;
	}

}
