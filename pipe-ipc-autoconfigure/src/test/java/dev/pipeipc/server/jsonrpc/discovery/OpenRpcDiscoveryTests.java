package dev.pipeipc.server.jsonrpc.discovery;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeParam;
import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.jsonrpc.PipeCancellation;
import dev.pipeipc.server.jsonrpc.PipeHandlerArgumentResolver;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenRPC document {@link OpenRpcDiscovery} generates from handler methods, without a socket.
 */
class OpenRpcDiscoveryTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final PipeHandlerRegistry registry = new PipeHandlerRegistry();

	private final OpenRpcDiscovery discovery = new OpenRpcDiscovery(PipeHandlerRegistry.DEFAULT_SERVER, this.registry,
			json, new OpenRpcDiscovery.Info("orders-desk", "1.2.3", "JSON-RPC methods served on pipe 'orders'."),
			OpenRpcDiscovery.BUILT_IN_ARGUMENTS);

	private void register(String name, String javaMethod) {
		Method method = ReflectionUtils.findMethod(Handlers.class, javaMethod, (Class<?>[]) null);
		assertThat(method).as("method %s", javaMethod).isNotNull();
		this.registry.register(new PipeHandlerMethod(PipeHandlerRegistry.DEFAULT_SERVER, name, new Handlers(),
				"handlers", method, declaredNames(method)));
	}

	private static @Nullable String[] declaredNames(Method method) {
		@Nullable String[] names = new String[method.getParameterCount()];
		for (int i = 0; i < names.length; i++) {
			PipeParam param = method.getParameters()[i].getAnnotation(PipeParam.class);
			names[i] = (param != null) ? param.value() : null;
		}
		return names;
	}

	/** The node as read back from its JSON, so numbers compare by value whatever node type holds them. */
	private static JsonNode normalized(JsonNode node) {
		return json.readTree(node.toString());
	}

	private JsonNode method(String name) {
		for (JsonNode method : this.discovery.discover().get("methods")) {
			if (method.get("name").asString().equals(name)) {
				return method;
			}
		}
		throw new AssertionError("No method '" + name + "' in " + this.discovery.discover());
	}

	@Test
	void documentIsOpenRpcWithTheInfoGiven() {
		JsonNode document = this.discovery.discover();
		assertThat(document.get("openrpc").asString()).isEqualTo("1.3.2");
		assertThat(document.get("info").get("title").asString()).isEqualTo("orders-desk");
		assertThat(document.get("info").get("version").asString()).isEqualTo("1.2.3");
		assertThat(document.get("methods")).isEmpty();
	}

	@Test
	void methodsAreListedByNameWithoutRpcDiscoverItself() {
		register("orders.get", "get");
		register("orders.create", "create");
		this.registry.registerBuiltIn(this.discovery.endpoint());
		assertThat(this.discovery.discover().get("methods").valueStream().map((method) -> method.get("name").asString()))
			.containsExactly("orders.create", "orders.get");
	}

	@Test
	void paramsAreNamedAsTheBinderNamesThemAndInjectedParametersAreLeftOut() {
		register("orders.find", "find");
		register("orders.log", "log");
		assertThat(method("orders.find").get("params").valueStream().map((param) -> param.get("name").asString()))
			.containsExactly("item", "minQuantity");
		assertThat(method("orders.log").get("params").valueStream().map((param) -> param.get("name").asString()))
			.containsExactly("message");
		assertThat(method("orders.find").get("paramStructure").asString()).isEqualTo("either");
	}

	@Test
	void parametersThatArgumentResolversServeAreNotParams() {
		PipeHandlerArgumentResolver tenants = new PipeHandlerArgumentResolver() {

			@Override
			public boolean supportsParameter(MethodParameter parameter) {
				return parameter.getParameterType() == Tenant.class;
			}

			@Override
			public Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
				return new Tenant("local");
			}

		};
		OpenRpcDiscovery withResolver = new OpenRpcDiscovery(PipeHandlerRegistry.DEFAULT_SERVER, this.registry, json,
				new OpenRpcDiscovery.Info("orders-desk", "1.2.3", "Orders."),
				OpenRpcDiscovery.resolvedArguments(List.of(tenants)));
		register("orders.mine", "mine");
		JsonNode mine = withResolver.discover().get("methods").get(0);
		assertThat(mine.get("params").valueStream().map((param) -> param.get("name").asString()))
			.containsExactly("limit");
		assertThat(method("orders.mine").get("params").valueStream().map((param) -> param.get("name").asString()))
			.as("without the resolver").containsExactly("tenant", "limit");
	}

	@Test
	void optionalAndNullableParamsAreNotRequiredUnlessARequiredOneFollows() {
		register("orders.find", "find");
		register("orders.later", "later");
		register("echo", "echo");
		assertThat(method("orders.find").get("params").get(1).get("required").asBoolean()).isFalse();
		assertThat(method("orders.find").get("params").get(1).get("schema").get("type").asString()).isEqualTo("integer");
		assertThat(method("echo").get("params").get(0).get("required").asBoolean()).isFalse();
		assertThat(method("orders.later").get("params").get(0).get("required").asBoolean()).isTrue();
	}

	@Test
	void paramSchemasCarryTheParametersOwnValidationConstraints() {
		register("orders.get", "get");
		register("orders.find", "find");
		assertThat(normalized(method("orders.get").get("params").get(0).get("schema"))).isEqualTo(json.readTree("""
				{"type": "integer", "exclusiveMinimum": 0}"""));
		assertThat(normalized(method("orders.find").get("params").get(0).get("schema"))).isEqualTo(json.readTree("""
				{"type": "string", "minLength": 2, "maxLength": 40}"""));
	}

	@Test
	void objectTypesAreSharedSchemasWithThePropertiesConstraints() {
		register("orders.create", "create");
		register("orders.get", "get");
		JsonNode document = this.discovery.discover();
		assertThat(method("orders.create").get("params").get(0).get("schema").get("$ref").asString())
			.isEqualTo("#/components/schemas/NewOrder");
		assertThat(method("orders.create").get("result").get("schema").get("$ref").asString())
			.isEqualTo("#/components/schemas/Order");
		assertThat(method("orders.get").get("result").get("schema").get("$ref").asString())
			.isEqualTo("#/components/schemas/Order");
		JsonNode newOrder = document.get("components").get("schemas").get("NewOrder");
		assertThat(normalized(newOrder.get("properties").get("item"))).isEqualTo(json.readTree("""
				{"type": "string", "minLength": 1}"""));
		assertThat(normalized(newOrder.get("properties").get("quantity"))).isEqualTo(json.readTree("""
				{"type": "integer", "minimum": 1, "maximum": 100}"""));
		assertThat(newOrder.get("required").valueStream().map(JsonNode::asString)).containsExactly("item");
		JsonNode order = document.get("components").get("schemas").get("Order");
		assertThat(normalized(order.get("properties").get("createdAt"))).isEqualTo(json.readTree("""
				{"type": "string", "format": "date-time"}"""));
		assertThat(document.get("components").get("schemas").get("Status").get("enum").valueStream()
			.map(JsonNode::asString)).containsExactly("OPEN", "CANCELLED");
	}

	@Test
	void resultOfAFutureIsItsValueAndOfVoidIsNull() {
		register("orders.later", "later");
		register("orders.log", "log");
		JsonNode result = method("orders.later").get("result").get("schema");
		assertThat(result.get("$ref").asString()).isEqualTo("#/components/schemas/Map_String.Order_");
		assertThat(normalized(this.discovery.discover().get("components").get("schemas").get("Map_String.Order_")))
			.isEqualTo(json.readTree("""
					{"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Order"}}"""));
		assertThat(normalized(method("orders.log").get("result").get("schema"))).isEqualTo(json.readTree("""
				{"type": "null"}"""));
	}

	@Test
	void anyJsonValueHasAnEmptySchema() {
		register("echo", "echo");
		assertThat(normalized(method("echo").get("params").get(0).get("schema"))).isEqualTo(json.readTree("{}"));
		assertThat(normalized(method("echo").get("result").get("schema"))).isEqualTo(json.readTree("{}"));
	}

	@Test
	void errorsAreTheDeclaredOnesThenTheStandardOnesThatApply() {
		register("orders.get", "get");
		register("orders.old", "old");
		assertThat(normalized(method("orders.get").get("errors"))).isEqualTo(json.readTree("""
				[{"code": 1001, "message": "Order not found"}, {"code": 1002, "message": "Order rejected"},
				 {"$ref": "#/components/errors/InvalidParams"}, {"$ref": "#/components/errors/InternalError"}]"""));
		assertThat(normalized(method("orders.old").get("errors"))).isEqualTo(json.readTree("""
				[{"code": 1002, "message": "Order rejected"}, {"$ref": "#/components/errors/InternalError"}]"""));
		assertThat(normalized(this.discovery.discover().get("components").get("errors"))).isEqualTo(json.readTree("""
				{"InvalidParams": {"code": -32602, "message": "Invalid params"},
				 "InternalError": {"code": -32603, "message": "Internal error"}}"""));
	}

	@Test
	void deprecatedHandlersAreMarkedDeprecated() {
		register("orders.old", "old");
		register("orders.get", "get");
		assertThat(method("orders.old").get("deprecated").asBoolean()).isTrue();
		assertThat(method("orders.get").has("deprecated")).isFalse();
	}

	@Test
	void documentIsGeneratedAgainOnlyWhenTheHandlersChange() {
		register("orders.get", "get");
		JsonNode first = this.discovery.discover();
		assertThat(this.discovery.discover()).isSameAs(first);
		register("orders.old", "old");
		assertThat(this.discovery.discover()).isNotSameAs(first);
		assertThat(this.discovery.discover().get("methods")).hasSize(2);
	}

	record Tenant(String name) {
	}

	record NewOrder(@NotBlank String item, @Min(1) @Max(100) int quantity, @Nullable String note) {
	}

	record Order(long id, String item, int quantity, Instant createdAt, Status status) {
	}

	enum Status {

		OPEN, CANCELLED

	}

	@PipeHandlerError(code = 1002, message = "Order rejected")
	static class Handlers {

		public Order create(NewOrder order) {
			throw new UnsupportedOperationException();
		}

		@PipeHandlerError(code = 1001, message = "Order not found")
		public Order get(@Positive long id) {
			throw new UnsupportedOperationException();
		}

		public List<Order> find(@PipeParam("item") @Size(min = 2, max = 40) String item,
				@PipeParam("minQuantity") Optional<Integer> minQuantity) {
			throw new UnsupportedOperationException();
		}

		public void log(String message, PipeSession session) {
		}

		public CompletableFuture<Map<String, Order>> later(@Nullable String first, long second) {
			throw new UnsupportedOperationException();
		}

		public List<Order> mine(Tenant tenant, int limit, PipeCancellation cancellation, PipeRequestContext request) {
			throw new UnsupportedOperationException();
		}

		@Deprecated
		public String old() {
			return "";
		}

		public @Nullable Object echo(@Nullable Object value) {
			return value;
		}

	}

}
