package dev.pipeipc.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.test.PipeTester;
import dev.pipeipc.test.autoconfigure.PipeTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order desk's handler model over a real pipe, in a {@link PipeTest @PipeTest} slice with the
 * real desk: {@code orders.create} validated against {@link NewOrder}'s constraints,
 * {@link OrderNotFoundException} answered by the {@link OrderErrors} advice, and orders placed for
 * the {@link Tenant} that {@link TenantArgumentResolver} takes from the calling process's user.
 * The slice finds the advice and the resolver itself; the desk is imported.
 */
@PipeTest(handlers = OrderHandlers.class)
@Import(OrderDesk.class)
class OrdersHandlerModelTests {

	@Autowired
	PipeTester tester;

	@Test
	void invalidOrderIsAnsweredWithInvalidParamsListingEachViolation() {
		this.tester.callWithParams("orders.create", Map.of("item", " ", "quantity", 0))
			.isError(JsonRpcErrorCodes.INVALID_PARAMS)
			.hasMessage("Params of method 'orders.create' are not valid")
			.hasDataSatisfying((data) -> {
				assertThat(data.get("method").asString()).isEqualTo("orders.create");
				assertThat(data.get("violations")).extracting(JsonNode::toString)
					.asString()
					.contains("{\"path\":\"order.item\",\"message\":\"must name an item\",\"invalidValue\":\" \"}",
							"{\"path\":\"order.quantity\",\"message\":\"must be at least 1\",\"invalidValue\":0}");
				assertThat(data.get("violations")).hasSize(2);
			});
	}

	@Test
	void unknownOrderIsAnsweredByTheAdviceWithItsCodeAndData() {
		this.tester.call("orders.cancel", 987654)
			.isError(OrderErrors.ORDER_NOT_FOUND)
			.hasMessage("Order 987654 does not exist")
			.hasDataSatisfying((data) -> assertThat(data).hasToString("{\"id\":987654}"));
	}

	@Test
	void ordersArePlacedForTheTenantOfTheCallingUser() {
		Order placed = this.tester.callWithParams("orders.create", Map.of("item", "matcha", "quantity", 3))
			.result(Order.class)
			.actual();
		this.tester.call("orders.mine")
			.isSuccess()
			.satisfies((mine) -> assertThat(mine.valueStream().map((order) -> order.get("id").asLong()))
				.contains(placed.id()));
		this.tester.callWithParams("orders.mine", Map.of("tenant", "someone-else"))
			.isError(JsonRpcErrorCodes.INVALID_PARAMS);
	}

	@Test
	void tenantIsTheUserTheOperatingSystemReportsForThePipe(@Autowired OrderDesk desk) {
		Order placed = this.tester.callWithParams("orders.create", Map.of("item", "oolong", "quantity", 1))
			.result(Order.class)
			.actual();
		assertThat(desk.placedBy(new Tenant(System.getProperty("user.name")))).contains(placed);
		assertThat(desk.placedBy(new Tenant("local"))).doesNotContain(placed);
	}

	@Test
	void tenantIsNotAParamInTheSelfDescription() {
		this.tester.call("rpc.discover").hasResultSatisfying((document) -> {
			JsonNode create = document.get("methods").valueStream()
				.filter((method) -> method.get("name").asString().equals("orders.create"))
				.findFirst()
				.orElseThrow();
			assertThat(create.get("params").valueStream().map((param) -> param.get("name").asString()))
				.containsExactly("order");
			JsonNode mine = document.get("methods").valueStream()
				.filter((method) -> method.get("name").asString().equals("orders.mine"))
				.findFirst()
				.orElseThrow();
			assertThat(mine.get("params")).isEmpty();
		});
	}

}
