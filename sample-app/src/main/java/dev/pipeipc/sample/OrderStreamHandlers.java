package dev.pipeipc.sample;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import dev.pipeipc.annotation.PipeHandler;

/**
 * Methods that answer a stream rather than one value: the client pulls the values batch by batch
 * ({@code $/enumerator/next}, StreamJsonRpc's async-enumerable protocol) and may stop early
 * ({@code $/enumerator/abort}), so neither side holds the whole result.
 */
@Component
public class OrderStreamHandlers {

	private static final List<String> ITEMS = List.of("coffee", "tea", "cocoa");

	private final OrderDesk desk;

	private final Clock clock = Clock.systemUTC();

	public OrderStreamHandlers(OrderDesk desk) {
		this.desk = desk;
	}

	/**
	 * A {@code Flux}: {@code {"count": 1000}} answers sample orders numbered 1 to 1000, made one by
	 * one as the client asks for them and never placed on the desk, the way a large result
	 * computed piece by piece would be. A client that stops early cancels the {@code Flux}.
	 */
	@PipeHandler("orders.stream")
	public Flux<Order> stream(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("orders.stream needs a count of 0 or more, not " + count + ".");
		}
		Instant now = this.clock.instant();
		return Flux.range(1, count)
			.map((number) -> new Order(number, ITEMS.get(number % ITEMS.size()), 1 + number % 5, Order.Status.OPEN,
					now));
	}

	/**
	 * A {@link Stream}: every order on the desk, read lazily as the client pulls. The server closes
	 * the stream when it ends, when the client aborts it and when the client goes away.
	 */
	@PipeHandler("orders.streamAll")
	public Stream<Order> streamAll() {
		return this.desk.all();
	}

}
