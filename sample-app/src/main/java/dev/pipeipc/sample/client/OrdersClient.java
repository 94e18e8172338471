package dev.pipeipc.sample.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.pipeipc.annotation.PipeExchange;
import dev.pipeipc.sample.NewOrder;
import dev.pipeipc.sample.Order;

/**
 * The order desk's pipe, as another Spring application would declare it to call it.
 */
@PipeExchange("orders")
public interface OrdersClient {

	@PipeExchange
	Order create(NewOrder order);

	@PipeExchange
	Order get(long id);

	@PipeExchange(value = "find", params = PipeExchange.Params.NAMED)
	CompletableFuture<List<Order>> find(String item, Integer minQuantity);

	@PipeExchange
	Order cancel(long id);

	@PipeExchange
	void log(String message);

}
