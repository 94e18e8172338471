package dev.pipeipc.server.jsonrpc.discovery;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.jsonrpc.PipeProgress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the OpenRPC document describes a {@link PipeProgress} parameter: as the param it is (the
 * caller's token, by position or name), not required, any JSON value, with the schema of the
 * reported values in {@code x-progress-value}.
 */
class OpenRpcProgressTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final PipeHandlerRegistry registry = new PipeHandlerRegistry();

	private final OpenRpcDiscovery discovery = new OpenRpcDiscovery(PipeHandlerRegistry.DEFAULT_SERVER, this.registry,
			json, new OpenRpcDiscovery.Info("imports", "1", "Imports."), OpenRpcDiscovery.BUILT_IN_ARGUMENTS);

	@Test
	void progressParamIsAnOptionalTokenWithTheSchemaOfItsValues() {
		Method method = ReflectionUtils.findMethod(Handlers.class, "importFile", (Class<?>[]) null);
		this.registry.register(new PipeHandlerMethod(PipeHandlerRegistry.DEFAULT_SERVER, "orders.import",
				new Handlers(), "handlers", method, new String[2]));
		JsonNode document = this.discovery.discover();
		JsonNode params = document.get("methods").get(0).get("params");
		assertThat(params.valueStream().map((param) -> param.get("name").asString())).containsExactly("file",
				"progress");
		JsonNode progress = params.get(1);
		assertThat(progress.get("required").booleanValue()).isFalse();
		assertThat(progress.get("schema").isEmpty()).as("any JSON value").isTrue();
		assertThat(progress.get("description").asString()).startsWith("Progress token");
		assertThat(progress.get("x-progress-value").get("$ref").asString()).endsWith("/ImportStep");
		assertThat(document.get("components").get("schemas").get("ImportStep").get("properties").has("done"))
			.isTrue();
	}

	record ImportStep(int done, int total) {
	}

	static class Handlers {

		public int importFile(String file, PipeProgress<ImportStep> progress) {
			return 0;
		}

	}

}
