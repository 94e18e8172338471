package dev.pipeipc.sample;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.jsonrpc.discovery.PipeHandlerError;

/**
 * The JSON-RPC methods of the {@code orders} pipe. Each shows one way params bind.
 */
@Component
public class OrderHandlers {

	/** Application error code: no order with the given id. */
	public static final int ORDER_NOT_FOUND = 1001;

	/** Application error code: the order cannot be placed as requested. */
	public static final int ORDER_REJECTED = 1002;

	private static final Log logger = LogFactory.getLog(OrderHandlers.class);

	private final OrderDesk desk;

	public OrderHandlers(OrderDesk desk) {
		this.desk = desk;
	}

	/**
	 * Object params: the whole params object is the new order,
	 * {@code {"item": "coffee", "quantity": 2}}.
	 */
	@PipeHandler("orders.create")
	@PipeHandlerError(code = ORDER_REJECTED, message = "The order cannot be placed as requested")
	public Order create(NewOrder order) {
		if (order.item() == null || order.item().isBlank() || order.quantity() < 1) {
			throw new JsonRpcException(ORDER_REJECTED, "An order needs an item and a quantity of at least 1",
					Map.of("item", String.valueOf(order.item()), "quantity", order.quantity()));
		}
		return this.desk.place(order.item(), order.quantity());
	}

	/**
	 * Positional params: {@code [42]}. An unknown id is an application error.
	 */
	@PipeHandler("orders.get")
	@PipeHandlerError(code = ORDER_NOT_FOUND, message = "No order with the given id")
	public Order get(long id) {
		return this.desk.find(id).orElseThrow(() -> notFound(id));
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
		return this.desk.cancel(id).orElseThrow(() -> notFound(id));
	}

	/**
	 * A notification: clients send it without an id and get no answer. The session tells who sent it.
	 */
	@PipeHandler("orders.log")
	public void log(String message, PipeSession session) {
		String user = session.peer().map((peer) -> peer.user()).orElse("unknown user");
		logger.info("Client " + session.id() + " (" + user + ") says: " + message);
	}

	private static JsonRpcException notFound(long id) {
		return new JsonRpcException(ORDER_NOT_FOUND, "Order " + id + " does not exist", Map.of("id", id));
	}

}
