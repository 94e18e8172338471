// tag::interface[]
package com.example.orders.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.example.orders.Order;

import dev.pipeipc.annotation.PipeExchange;

@PipeExchange("orders")
public interface OrdersClient {

	@PipeExchange                                    // "orders.get", params [id]
	Order get(long id);

	@PipeExchange(value = "find", params = PipeExchange.Params.NAMED)
	CompletableFuture<List<Order>> find(String item, Integer minQuantity);

	@PipeExchange                                    // void: a notification, never answered
	void log(String message);

}
// end::interface[]
