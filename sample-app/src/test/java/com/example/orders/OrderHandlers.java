// tag::handlers[]
package com.example.orders;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeSession;

@Component
public class OrderHandlers {

	private final Map<Long, Order> orders = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	@PipeHandler("orders.create")   // whole object: "params": {"item": "coffee", "quantity": 2}
	public Order create(NewOrder order) {
		Order created = new Order(this.ids.incrementAndGet(), order.item(), order.quantity());
		this.orders.put(created.id(), created);
		return created;
	}

	@PipeHandler("orders.get")      // positional: "params": [1]
	public Order get(long id) {
		Order order = this.orders.get(id);
		if (order == null) {        // an error of your choice: code, message, data
			throw new JsonRpcException(1001, "Order " + id + " does not exist", Map.of("id", id));
		}
		return order;
	}

	@PipeHandler("orders.find")     // named: "params": {"item": "coffee"}, minQuantity optional
	public List<Order> find(String item, Optional<Integer> minQuantity) {
		return this.orders.values().stream()
			.filter((order) -> order.item().equals(item) && order.quantity() >= minQuantity.orElse(1))
			.toList();
	}

	@PipeHandler("orders.watch")    // pushes an "orders.changed" notification to the caller, then answers
	public Order watch(long id, PipeSession session) {
		Order order = get(id);
		session.notify("orders.changed", order);
		return order;
	}

	@PipeHandler("orders.log")      // a notification; PipeSession is injected, not read from params
	public void log(String message, PipeSession session) {
		System.out.println("Client " + session.id() + " says: " + message);
	}

	@PipeHandler                    // method name "report"; answered when the future completes
	public CompletableFuture<Integer> report() {
		return CompletableFuture.supplyAsync(this.orders::size);
	}

}
// end::handlers[]
