package dev.pipeipc.sample.client;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.pipeipc.sample.NewOrder;
import dev.pipeipc.sample.Order;

/**
 * With {@code --self-check}, the order desk calls its own pipe once it listens, as any other
 * application would: through the {@link OrdersClient} interface, over the client configured as
 * {@code pipe.clients.orders}. It places an order, reads it back and searches for it, logs what
 * came back, and fails startup when the answers do not match.
 */
@Component
public class OrdersSelfCheck implements ApplicationRunner {

	/** The option that asks for the check. */
	public static final String OPTION = "self-check";

	private static final Log logger = LogFactory.getLog(OrdersSelfCheck.class);

	private final OrdersClient orders;

	public OrdersSelfCheck(OrdersClient orders) {
		this.orders = orders;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		if (!args.containsOption(OPTION)) {
			return;
		}
		Order placed = this.orders.create(new NewOrder("self-check", 1));
		Order read = this.orders.get(placed.id());
		List<Order> found = this.orders.find("self-check", 1).get(10, TimeUnit.SECONDS);
		if (!placed.equals(read) || !found.contains(placed)) {
			throw new IllegalStateException("Self-check through the 'orders' pipe failed: placed " + placed
					+ ", read back " + read + ", found " + found);
		}
		logger.info("Self-check through the 'orders' pipe passed: placed order " + placed.id() + " ("
				+ placed.item() + " x" + placed.quantity() + "), read it back and found it");
	}

}
