package dev.pipeipc.sample;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.springframework.stereotype.Service;

/**
 * Keeps the orders of this process in memory.
 */
@Service
public class OrderDesk {

	private final Map<Long, Order> orders = new ConcurrentSkipListMap<>();

	private final Map<Long, Tenant> owners = new ConcurrentSkipListMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final Clock clock = Clock.systemUTC();

	public Order place(Tenant tenant, String item, int quantity) {
		Order order = new Order(this.ids.incrementAndGet(), item, quantity, Order.Status.OPEN, this.clock.instant());
		this.owners.put(order.id(), tenant);
		this.orders.put(order.id(), order);
		return order;
	}

	public List<Order> placedBy(Tenant tenant) {
		return this.orders.values().stream().filter((order) -> tenant.equals(this.owners.get(order.id()))).toList();
	}

	/**
	 * Every order, in id order, read lazily from the live map (weakly consistent: orders placed
	 * while the stream is read may or may not be in it).
	 */
	public Stream<Order> all() {
		return this.orders.values().stream();
	}

	public Optional<Order> find(long id) {
		return Optional.ofNullable(this.orders.get(id));
	}

	public Optional<Order> cancel(long id) {
		return Optional.ofNullable(this.orders.computeIfPresent(id, (key, order) -> order.cancelled()));
	}

	public List<Order> search(String item, int minQuantity) {
		Collection<Order> all = this.orders.values();
		return all.stream()
			.filter((order) -> order.item().equalsIgnoreCase(item) && order.quantity() >= minQuantity)
			.toList();
	}

}
