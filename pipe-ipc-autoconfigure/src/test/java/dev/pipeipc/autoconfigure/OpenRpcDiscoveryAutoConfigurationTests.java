package dev.pipeipc.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@code rpc.discover} method the auto-configuration gives each JSON-RPC server,
 * called over a real socket.
 */
@ExtendWith(OutputCaptureExtension.class)
class OpenRpcDiscoveryAutoConfigurationTests {

	private static final LoggingSystem loggingSystem = LoggingSystem
		.get(OpenRpcDiscoveryAutoConfigurationTests.class.getClassLoader());

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration(this.directory).withUserConfiguration(Handlers.class);
	}

	@AfterEach
	void resetLogLevel() {
		loggingSystem.setLogLevel(OpenRpcDiscoveryRegistrar.class.getName(), null);
	}

	private JsonNode discover(String pipe) {
		try (PipeClient client = PipeClient.builder(pipe).directory(this.directory.toString()).build()) {
			return client.call("rpc.discover", null, JsonNode.class);
		}
	}

	private static List<String> methodNames(JsonNode document) {
		return document.get("methods").valueStream().map((method) -> method.get("name").asString()).toList();
	}

	@Test
	void serverAnswersRpcDiscoverWithItsHandlersButNotItself() {
		runner().withPropertyValues("spring.application.name=desk", "spring.application.version=2.0.1").run((context) -> {
			JsonNode document = discover("desk");
			assertThat(document.get("openrpc").asString()).isEqualTo("1.3.2");
			assertThat(document.get("info").get("title").asString()).isEqualTo("desk");
			assertThat(document.get("info").get("version").asString()).isEqualTo("2.0.1");
			assertThat(methodNames(document)).containsExactly("greet", "shout");
		});
	}

	@Test
	void eachServerDescribesOnlyItsOwnHandlers() {
		runner().withUserConfiguration(AdminHandlers.class)
			.withPropertyValues("pipe.server.name=main", "pipe.servers.admin.directory=" + this.directory)
			.run((context) -> {
				assertThat(methodNames(discover("main"))).containsExactly("greet", "shout");
				assertThat(methodNames(discover("admin"))).containsExactly("admin.stop");
			});
	}

	@Test
	void documentWithoutAnApplicationNameIsTitledAfterThePipe() {
		runner().withPropertyValues("pipe.server.name=orders").run((context) -> {
			JsonNode info = discover("orders").get("info");
			assertThat(info.get("title").asString()).isEqualTo("orders");
			assertThat(info.get("version").asString()).isEqualTo("unspecified");
			assertThat(info.get("description").asString()).isEqualTo("JSON-RPC methods served on pipe 'orders'.");
		});
	}

	@Test
	void discoveryTurnedOffForOneServerIsNotFoundThereOnly() {
		runner().withUserConfiguration(AdminHandlers.class)
			.withPropertyValues("pipe.server.name=main", "pipe.servers.admin.directory=" + this.directory,
					"pipe.servers.admin.discovery.enabled=false")
			.run((context) -> {
				assertThat(methodNames(discover("main"))).containsExactly("greet", "shout");
				assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> discover("admin"))
					.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.METHOD_NOT_FOUND));
			});
	}

	@Test
	void discoveryAloneDoesNotMakeAServerListen() {
		PipeContextRunners.pipeAutoConfiguration(this.directory).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(PipeServer.class).isRunning()).isFalse();
		});
	}

	@Test
	void withoutVictoolsRpcDiscoverIsNotServedAndDebugSaysWhy(CapturedOutput output) {
		loggingSystem.setLogLevel(OpenRpcDiscoveryRegistrar.class.getName(), LogLevel.DEBUG);
		runner().withPropertyValues("pipe.server.name=plain")
			.withClassLoader(new FilteredClassLoader("com.github.victools.jsonschema"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> discover("plain"))
					.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.METHOD_NOT_FOUND));
				assertThat(output).contains("Pipe server 'plain' does not answer rpc.discover:"
						+ " com.github.victools:jsonschema-generator and jsonschema-module-jackson are not on the class"
						+ " path. Add both to describe the handlers, or set 'pipe.server.discovery.enabled=false' to say"
						+ " it is off on purpose.");
			});
	}

	@Test
	void applicationHandlerNamedRpcDiscoverIsServedInstead() {
		runner().withUserConfiguration(OwnDiscovery.class).withPropertyValues("pipe.server.name=own").run((context) -> {
			assertThat(discover("own").get("mine").asBoolean()).isTrue();
		});
	}

	@Test
	void discoveryExplicitlyEnabledOnARawServerFailsStartup() {
		PipeContextRunners.pipeAutoConfiguration(this.directory)
			.withPropertyValues("pipe.server.protocol=raw", "pipe.server.discovery.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(InvalidPipePropertiesException.class)
				.hasMessageContaining("'pipe.server.discovery.enabled' is 'true'")
				.hasMessageContaining("raw protocol"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		GreetingHandlers greetingHandlers() {
			return new GreetingHandlers();
		}

	}

	static class GreetingHandlers {

		@PipeHandler("greet")
		String greet(String name) {
			return "Hello, " + name;
		}

		@PipeHandler("shout")
		String shout(String text) {
			return text.toUpperCase(java.util.Locale.ROOT);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AdminHandlers {

		@Bean
		Object adminHandlers() {
			return new Object() {

				@PipeHandler(name = "admin.stop", server = "admin")
				void stop() {
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnDiscovery {

		@Bean
		Object ownDiscoveryHandler() {
			return new Object() {

				@PipeHandler("rpc.discover")
				java.util.Map<String, Boolean> discover() {
					return java.util.Map.of("mine", true);
				}

			};
		}

	}

}
