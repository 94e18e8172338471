package dev.pipeipc.autoconfigure.endpoint;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.web.mappings.MappingsEndpoint;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.server.PipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole application with the actuator, over a real pipe: the {@code pipe} health is UP while
 * the server listens and DOWN once it stops, and the {@code pipes} and {@code mappings} endpoints
 * list the application's handler.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "management.endpoints.web.exposure.include=health,pipes,mappings",
				"management.endpoint.health.show-details=always" })
@DirtiesContext
class PipeActuatorIntegrationTests {

	@TempDir
	static Path directory;

	@DynamicPropertySource
	static void socketDirectory(DynamicPropertyRegistry registry) {
		registry.add("pipe.server.name", () -> "greeter");
		registry.add("pipe.server.directory", () -> directory.toString());
		registry.add("pipe.clients.self.pipe", () -> "greeter");
		registry.add("pipe.clients.self.directory", () -> directory.toString());
	}

	@Autowired
	private PipeServer server;

	@Autowired
	private HealthEndpoint health;

	@Autowired
	private PipesEndpoint pipes;

	@Autowired
	private MappingsEndpoint mappings;

	@Autowired
	private JsonMapper mapper;

	@Test
	void pipeHealthIsUpWhileListeningThenDownAfterStop() {
		try (PipeClient client = PipeClient.builder(this.server.getAddress()).build()) {
			assertThat(client.call("greet", new Object[] { "Ada" }, String.class)).isEqualTo("Hello Ada");
			JsonNode up = json(this.health.healthForPath("pipe", "pipeServer"));
			assertThat(up.get("status").asString()).isEqualTo("UP");
			assertThat(up.get("details").get("name").asString()).isEqualTo("greeter");
			assertThat(up.get("details").get("connections").asInt()).isEqualTo(1);
			assertThat(json(this.health.health()).get("components").get("pipe").get("status").asString())
				.isEqualTo("UP");
		}
		this.server.stop();
		JsonNode down = json(this.health.healthForPath("pipe", "pipeServer"));
		assertThat(down.get("status").asString()).isEqualTo("DOWN");
		assertThat(down.get("details").get("reason").asString())
			.isEqualTo("Pipe server 'greeter' is not listening: it has been stopped or has not been started.");
	}

	@Test
	void pipesEndpointListsTheHandlerAndTheClient() {
		JsonNode pipes = json(this.pipes.pipes());
		JsonNode route = pipes.get("servers").get("pipeServer").get("routes").get(0);
		assertThat(route.get("method").asString()).isEqualTo("greet");
		assertThat(route.get("bean").asString()).isEqualTo("greeter");
		assertThat(route.get("javaMethod").asString()).isEqualTo(Greeter.class.getName() + ".greet");
		assertThat(route.get("parameters").get(0).get("name").asString()).isEqualTo("name");
		assertThat(route.get("parameters").get(0).get("type").asString()).isEqualTo("java.lang.String");
		assertThat(route.get("returnType").asString()).isEqualTo("java.lang.String");
		assertThat(pipes.get("clients").get("selfPipeClient").get("address").asString())
			.isEqualTo(this.server.getAddress());
	}

	@Test
	void mappingsEndpointListsTheHandler() {
		JsonNode context = json(this.mappings.mappings()).get("contexts").properties().iterator().next().getValue();
		JsonNode routes = context.get("mappings").get("pipeHandlers").get("pipeServer").get("routes");
		assertThat(routes.get(0).get("method").asString()).isEqualTo("greet");
	}

	private JsonNode json(Object value) {
		return this.mapper.valueToTree(value);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class GreeterApplication {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

	static class Greeter {

		@PipeHandler
		String greet(String name) {
			return "Hello " + name;
		}

	}

}
