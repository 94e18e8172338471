package dev.pipeipc.sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.pipeipc.test.PipeTester;
import dev.pipeipc.test.autoconfigure.PipeTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.anyString;

/**
 * The order handlers alone, called over a pipe of the test's own with the desk mocked: each way
 * params bind, the validation and application errors with their data, the pushed notification.
 */
@PipeTest(handlers = OrderHandlers.class)
class OrderHandlersTests {

	private static final Order TEA = new Order(7, "tea", 2, Order.Status.OPEN, Instant.parse("2026-01-02T03:04:05Z"));

	@Autowired
	PipeTester tester;

	@MockitoBean
	OrderDesk desk;

	@Test
	void createTakesTheWholeParamsObjectAsTheNewOrder() {
		given(this.desk.place(any(Tenant.class), eq("tea"), eq(2))).willReturn(TEA);
		this.tester.callWithParams("orders.create", Map.of("item", "tea", "quantity", 2))
			.result(Order.class)
			.isEqualTo(TEA);
	}

	@Test
	void createRejectsAnOrderWithoutQuantityWithItsViolation() {
		this.tester.callWithParams("orders.create", Map.of("item", "tea", "quantity", 0))
			.isError(-32602)
			.hasDataSatisfying((data) -> assertThat(data.get("violations")).hasSize(1));
		then(this.desk).should(never()).place(any(Tenant.class), anyString(), anyInt());
	}

	@Test
	void getByPositionAnswersTheOrderAsJson() {
		given(this.desk.find(7)).willReturn(Optional.of(TEA));
		this.tester.call("orders.get", 7).isSuccess().isEqualToJson("""
				{"id": 7, "item": "tea", "quantity": 2, "status": "OPEN", "createdAt": "2026-01-02T03:04:05Z"}""");
	}

	@Test
	void unknownOrderIsNotFoundWithItsId() {
		given(this.desk.find(42)).willReturn(Optional.empty());
		this.tester.call("orders.get", 42)
			.isError(OrderHandlers.ORDER_NOT_FOUND)
			.hasMessageContaining("42")
			.hasDataSatisfying((data) -> assertThat(data.get("id").asLong()).isEqualTo(42));
	}

	@Test
	void findByNameLeavesOutTheOptionalMinimum() {
		given(this.desk.search("tea", 1)).willReturn(List.of(TEA));
		this.tester.callWithParams("orders.find", Map.of("item", "tea"))
			.hasResultSatisfying((orders) -> assertThat(orders).singleElement()
				.satisfies((order) -> assertThat(order.get("id").asLong()).isEqualTo(7)));
	}

	@Test
	void cancelByNameAnswersTheCancelledOrder() {
		Order cancelled = new Order(7, "tea", 2, Order.Status.CANCELLED, TEA.createdAt());
		given(this.desk.cancel(7)).willReturn(Optional.of(cancelled));
		this.tester.callWithParams("orders.cancel", Map.of("id", 7))
			.result(Order.class)
			.extracting(Order::status)
			.isEqualTo(Order.Status.CANCELLED);
	}

	@Test
	void trackPushesTheStatusToTheCallerThenAnswers() {
		given(this.desk.find(7)).willReturn(Optional.of(TEA));
		this.tester.call("orders.track", 7).result(Order.class).isEqualTo(TEA);
		this.tester.notifications()
			.received(OrderHandlers.STATUS_NOTIFICATION)
			.params(OrderHandlers.OrderStatus.class)
			.isEqualTo(new OrderHandlers.OrderStatus(7, Order.Status.OPEN));
	}

	@Test
	void logAnswersNullToARequest() {
		this.tester.call("orders.log", "hello").isSuccess().isNullJson();
	}

}
