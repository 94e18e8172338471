package dev.pipeipc.sample;

import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.jsonrpc.discovery.PipeHandlerError;

/**
 * The JSON-RPC methods of the {@code orders} pipe. Each shows one way params bind. An unknown id
 * throws {@link OrderNotFoundException}, which {@link OrderErrors} answers for all of them.
 */
@Component
public class OrderHandlers {

	/** Application error code: no order with the given id. */
	public static final int ORDER_NOT_FOUND = OrderErrors.ORDER_NOT_FOUND;

	/** Method of the notification that {@link #track} pushes to its caller. */
	public static final String STATUS_NOTIFICATION = "orders.status";

	private static final Log logger = LogFactory.getLog(OrderHandlers.class);

	private final OrderDesk desk;

	public OrderHandlers(OrderDesk desk) {
		this.desk = desk;
	}

	/**
	 * Object params: the whole params object is the new order,
	 * {@code {"item": "coffee", "quantity": 2}}, checked against {@link NewOrder}'s constraints. The
	 * order is placed for the calling tenant, which is not a param.
	 */
	@PipeHandler("orders.create")
	public Order create(@Valid NewOrder order, Tenant tenant) {
		return this.desk.place(tenant, order.item(), order.quantity());
	}

	/**
	 * No params: the orders the calling tenant placed.
	 */
	@PipeHandler("orders.mine")
	public List<Order> mine(Tenant tenant) {
		return this.desk.placedBy(tenant);
	}

	/**
	 * Positional params: {@code [42]}. An unknown id is an application error.
	 */
	@PipeHandler("orders.get")
	@PipeHandlerError(code = ORDER_NOT_FOUND, message = "No order with the given id")
	public Order get(long id) {
		return this.desk.find(id).orElseThrow(() -> new OrderNotFoundException(id));
	}

	/**
	 * Named params: {@code {"item": "coffee", "minQuantity": 2}}; {@code minQuantity} may be left out.
	 */
	@PipeHandler("orders.find")
	public List<Order> find(String item, Optional<Integer> minQuantity) {
		return this.desk.search(item, minQuantity.orElse(1));
	}

	/**
	 * Positional or named: {@code [42]} or {@code {"id": 42}}.
	 */
	@PipeHandler("orders.cancel")
	@PipeHandlerError(code = ORDER_NOT_FOUND, message = "No order with the given id")
	public Order cancel(long id) {
		return this.desk.cancel(id).orElseThrow(() -> new OrderNotFoundException(id));
	}

	/**
	 * Server push: tells the caller where the order stands with an {@code orders.status}
	 * notification, {@code {"id": 42, "status": "OPEN"}}, then answers with the order. The
	 * notification reaches the client before the response, so a client has to tell the two apart:
	 * a notification has no id.
	 */
	@PipeHandler("orders.track")
	@PipeHandlerError(code = ORDER_NOT_FOUND, message = "No order with the given id")
	public Order track(long id, PipeSession session) {
		Order order = get(id);
		session.notify(STATUS_NOTIFICATION, new OrderStatus(order.id(), order.status()));
		return order;
	}

	/**
	 * A notification: clients send it without an id and get no answer. The session tells who sent it.
	 */
	@PipeHandler("orders.log")
	public void log(String message, PipeSession session) {
		String user = session.peer().map((peer) -> peer.user()).orElse("unknown user");
		logger.info("Client " + session.id() + " (" + user + ") says: " + message);
	}

	/**
	 * The params of an {@code orders.status} notification.
	 *
	 * @param id the order number
	 * @param status where the order stands
	 */
	public record OrderStatus(long id, Order.Status status) {
	}

}
