package dev.pipeipc.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The order desk's handler model end to end, over its real pipe: {@code orders.create} validated
 * against {@link NewOrder}'s constraints, {@link OrderNotFoundException} answered by the
 * {@link OrderErrors} advice, and orders placed for the {@link Tenant} that
 * {@link TenantArgumentResolver} takes from the calling process's user.
 */
@SpringBootTest(properties = "spring.application.name=orders-handler-model")
class OrdersHandlerModelTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static Path directory;

	private final PipeClient client = PipeClient.builder("orders").directory(directory.toString()).build();

	@BeforeAll
	static void createDirectory() throws Exception {
		directory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "orders-model");
	}

	@DynamicPropertySource
	static void socketDirectory(DynamicPropertyRegistry registry) {
		registry.add("pipe.server.directory", () -> directory.toString());
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@AfterAll
	static void deleteDirectory() {
		FileSystemUtils.deleteRecursively(directory.toFile());
	}

	@Test
	void invalidOrderIsAnsweredWithInvalidParamsListingEachViolation() {
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> this.client.call("orders.create", Map.of("item", " ", "quantity", 0), Order.class))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.INVALID_PARAMS);
				assertThat(ex.getMessage()).isEqualTo("Params of method 'orders.create' are not valid");
				JsonNode data = json.valueToTree(ex.getData());
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
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> this.client.call("orders.cancel", List.of(987654), Order.class))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(OrderErrors.ORDER_NOT_FOUND);
				assertThat(ex.getMessage()).isEqualTo("Order 987654 does not exist");
				assertThat(ex.getData()).hasToString("{\"id\":987654}");
			});
	}

	@Test
	void ordersArePlacedForTheTenantOfTheCallingUser() {
		Order placed = this.client.call("orders.create", Map.of("item", "matcha", "quantity", 3), Order.class);
		List<Order> mine = this.client.call("orders.mine", null, new ParameterizedTypeReference<List<Order>>() {
		});
		assertThat(mine).contains(placed);
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> this.client.call("orders.mine", Map.of("tenant", "someone-else"), Object.class))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.INVALID_PARAMS));
	}

	@Test
	void tenantIsTheUserTheOperatingSystemReportsForThePipe(@Autowired OrderDesk desk) {
		Order placed = this.client.call("orders.create", Map.of("item", "oolong", "quantity", 1), Order.class);
		assertThat(desk.placedBy(new Tenant(System.getProperty("user.name")))).contains(placed);
		assertThat(desk.placedBy(new Tenant("local"))).doesNotContain(placed);
	}

}
