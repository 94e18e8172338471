package dev.pipeipc.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.test.PipeTester;
import dev.pipeipc.test.autoconfigure.AutoConfigurePipeTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order desk describes itself: the whole application answers {@code rpc.discover} on its pipe
 * with an OpenRPC document that the OpenRPC meta-schema accepts and that lists its methods.
 */
@SpringBootTest(classes = OrdersApplication.class)
@AutoConfigurePipeTester
@DirtiesContext
class OrdersOpenRpcDocumentTests {

	private static final Path SOCKET = TestSockets.socketPath("pipe-openrpc");

	/** The id of the OpenRPC meta-schema, and of the JSON Schema meta-schema it refers to. */
	private static final String OPENRPC_META_SCHEMA = "https://meta.open-rpc.org/";

	private static final String JSON_SCHEMA_TOOLS = "https://meta.json-schema.tools";

	private static Schema metaSchema;

	@Autowired
	PipeTester tester;

	@Autowired
	PipeHandlerRegistry registry;

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		registry.add("pipe.server.name", SOCKET::toString);
	}

	/**
	 * The meta-schemas, read from the test resources (see {@code openrpc/NOTICE.md}), never from
	 * the network. The JSON Schema meta-schema names itself as its dialect: it is draft 7's.
	 */
	@BeforeAll
	static void loadMetaSchema() throws IOException {
		String openRpc = resource("openrpc/openrpc-meta-schema.json");
		String jsonSchemaTools = resource("openrpc/json-schema-tools-meta-schema.json");
		Dialect jsonSchemaToolsDialect = Dialect.builder(JSON_SCHEMA_TOOLS + "/", Dialects.getDraft7()).build();
		SchemaRegistry registry = SchemaRegistry.withDialects(List.of(Dialects.getDraft7(), jsonSchemaToolsDialect),
				(builder) -> builder.schemas(Map.of(OPENRPC_META_SCHEMA, openRpc, JSON_SCHEMA_TOOLS, jsonSchemaTools,
						JSON_SCHEMA_TOOLS + "/", jsonSchemaTools)));
		metaSchema = registry.getSchema(SchemaLocation.of(OPENRPC_META_SCHEMA));
	}

	private static String resource(String path) throws IOException {
		try (InputStream input = new ClassPathResource(path).getInputStream()) {
			return new String(input.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private JsonNode discover() {
		return this.tester.call("rpc.discover").isSuccess().actual();
	}

	private static List<Error> validate(JsonNode document) {
		return metaSchema.validate(document.toString(), InputFormat.JSON);
	}

	@Test
	void documentIsValidOpenRpc() {
		JsonNode document = discover();
		assertThat(validate(document)).as("meta-schema errors of %s", document).isEmpty();
		assertThat(document.get("openrpc").asString()).isEqualTo("1.3.2");
		assertThat(document.get("info").get("title").asString()).isEqualTo("orders-desk");
	}

	@Test
	void metaSchemaRejectsADocumentWithoutInfoAnUnknownVersionOrABadSchema() {
		ObjectNode withoutInfo = (ObjectNode) discover().deepCopy();
		withoutInfo.remove("info");
		assertThat(validate(withoutInfo)).extracting(Error::getMessage).anyMatch((message) -> message.contains("info"));
		ObjectNode futureVersion = (ObjectNode) discover().deepCopy();
		futureVersion.put("openrpc", "9.9.9");
		assertThat(validate(futureVersion)).isNotEmpty();
		ObjectNode badSchema = (ObjectNode) discover().deepCopy();
		((ObjectNode) badSchema.get("components").get("schemas").get("Order")).put("type", 42);
		assertThat(validate(badSchema)).isNotEmpty();
	}

	@Test
	void documentListsTheOrderDeskMethodsWithTheirParamsAndErrors() {
		JsonNode document = discover();
		List<String> handlers = this.registry.getEndpoints(PipeHandlerRegistry.DEFAULT_SERVER)
			.stream()
			.map(PipeHandlerMethod::getName)
			.sorted()
			.toList();
		assertThat(handlers).contains("orders.cancel", "orders.create", "orders.find", "orders.get", "orders.log",
				"orders.mine", "orders.track");
		assertThat(document.get("methods").valueStream().map((method) -> method.get("name").asString()))
			.as("every handler of the server, by name").containsExactlyElementsOf(handlers);
		assertThat(method(document, "orders.create").get("params").valueStream()
			.map((param) -> param.get("name").asString())).as("the tenant is resolved, not a param").containsExactly("order");
		JsonNode find = method(document, "orders.find");
		assertThat(find.get("params").valueStream().map((param) -> param.get("name").asString() + " "
				+ param.get("required").asBoolean())).containsExactly("item true", "minQuantity false");
		JsonNode get = method(document, "orders.get");
		assertThat(get.get("errors").get(0).get("code").asInt()).isEqualTo(OrderErrors.ORDER_NOT_FOUND);
		assertThat(get.get("result").get("schema").get("$ref").asString()).isEqualTo("#/components/schemas/Order");
		assertThat(document.get("components").get("schemas").get("Order").get("properties").get("status").get("$ref")
			.asString()).isEqualTo("#/components/schemas/Status");
	}

	private static JsonNode method(JsonNode document, String name) {
		return document.get("methods").valueStream().filter((method) -> method.get("name").asString().equals(name))
			.findFirst().orElseThrow();
	}

}
