// tag::pipe-test[]
package com.example.orders;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.pipeipc.test.PipeTester;
import dev.pipeipc.test.autoconfigure.PipeTest;

import static org.assertj.core.api.Assertions.assertThat;

@PipeTest(handlers = OrderHandlers.class)   // only the pipe infrastructure and these handlers
class OrderHandlersTests {

	@Autowired
	PipeTester tester;                      // a client of this test's own pipe

	@Test
	void createdOrderCanBeFetched() {
		Order created = this.tester.callWithParams("orders.create", Map.of("item", "tea", "quantity", 2))
			.result(Order.class)
			.actual();
		this.tester.call("orders.get", created.id())
			.isSuccess()
			.isEqualToJson("{\"id\": " + created.id() + ", \"item\": \"tea\", \"quantity\": 2}");
	}

	@Test
	void unknownOrderIsError1001WithItsId() {
		this.tester.call("orders.get", 42)
			.isError(1001)
			.hasMessage("Order 42 does not exist")
			.hasDataSatisfying((data) -> assertThat(data.get("id").asLong()).isEqualTo(42));
	}

	@Test
	void watchPushesTheOrderToTheCaller() {
		long id = this.tester.callWithParams("orders.create", Map.of("item", "cocoa", "quantity", 1))
			.result(Order.class)
			.actual()
			.id();
		this.tester.call("orders.watch", id).isSuccess();
		this.tester.notifications()
			.received("orders.changed")         // waits for it: a notification travels on its own
			.params(Order.class)
			.extracting(Order::item)
			.isEqualTo("cocoa");
	}

}
// end::pipe-test[]
