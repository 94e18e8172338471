package dev.pipeipc.autoconfigure.endpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.autoconfigure.ConfiguredPipeServers;
import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.autoconfigure.endpoint.PipeHandlerMappingDescriptionProvider.PipeServerMappings;
import dev.pipeipc.autoconfigure.endpoint.PipeRouteDescriptor.ParameterDescriptor;
import dev.pipeipc.autoconfigure.endpoint.PipesEndpoint.PipesDescriptor;
import dev.pipeipc.autoconfigure.endpoint.PipesEndpoint.ServerDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PipesEndpointAutoConfiguration}, the {@link PipesEndpoint} it creates and the
 * pipe handlers it adds to the {@code mappings} endpoint.
 */
class PipesEndpointAutoConfigurationTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PipeAutoConfiguration.class,
					PipesEndpointAutoConfiguration.class))
			.withPropertyValues("pipe.server.directory=" + this.directory);
	}

	private ApplicationContextRunner exposed(String endpoints) {
		return runner().withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.withInitializer((context) -> context.getEnvironment().setConversionService(new ApplicationConversionService()))
			.withPropertyValues("management.endpoints.web.exposure.include=" + endpoints);
	}

	@Test
	void endpointListsEveryServerWithItsRoutesSettingsAndCounts() {
		exposed("pipes").withUserConfiguration(Handlers.class).run((context) -> {
			PipesDescriptor pipes = context.getBean(PipesEndpoint.class).pipes();
			ServerDescriptor server = pipes.servers().get("pipeServer");
			assertThat(server.name()).isEqualTo("pipe-ipc");
			assertThat(server.address()).isEqualTo(this.directory.resolve("pipe-ipc.sock").toString());
			assertThat(server.state()).isEqualTo("listening");
			assertThat(server.transport()).isEqualTo("unix");
			assertThat(server.protocol()).isEqualTo("json-rpc");
			assertThat(server.connections()).isZero();
			assertThat(server.requestsInProgress()).isZero();
			assertThat(server.settings().framing()).isEqualTo("content-length");
			assertThat(server.settings().connectionLimit()).isEqualTo("unlimited");
			assertThat(server.settings().maxThreads()).isEqualTo(200);
			assertThat(server.routes()).containsExactly(new PipeRouteDescriptor("order.total", "orders",
					Orders.class.getName() + ".total", List.of(new ParameterDescriptor("quantities",
							"java.util.List<java.lang.Integer>"), new ParameterDescriptor("currency", "java.lang.String")),
					"java.math.BigDecimal"));
		});
	}

	@Test
	void endpointListsEveryClientWithItsTarget() {
		exposed("pipes").withPropertyValues("pipe.clients.shop.pipe=shop", "pipe.clients.shop.directory=" + this.directory)
			.run((context) -> {
				PipesDescriptor pipes = context.getBean(PipesEndpoint.class).pipes();
				assertThat(pipes.clients()).containsOnlyKeys("shopPipeClient");
				assertThat(pipes.clients().get("shopPipeClient").address())
					.isEqualTo(this.directory.resolve("shop.sock").toString());
				assertThat(pipes.clients().get("shopPipeClient").state()).isEqualTo("not connected");
			});
	}

	@Test
	void endpointSaysWhyAServerIsNotStarted() {
		exposed("pipes").run((context) -> assertThat(
				context.getBean(PipesEndpoint.class).pipes().servers().get("pipeServer").state())
			.isEqualTo("not started (no handler bound, not configured)"));
	}

	@Test
	void endpointIsAbsentWhenNotExposed() {
		runner().run((context) -> assertThat(context).doesNotHaveBean(PipesEndpoint.class));
	}

	@Test
	void endpointIsAbsentWhenItsAccessIsNone() {
		exposed("pipes").withPropertyValues("management.endpoint.pipes.access=none")
			.run((context) -> assertThat(context).doesNotHaveBean(PipesEndpoint.class));
	}

	@Test
	void backsOffWithoutTheActuator() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=pipes,mappings")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withUserConfiguration(Handlers.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PipesEndpoint.class)
				.doesNotHaveBean(PipeHandlerMappingDescriptionProvider.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnEndpoint() {
		exposed("pipes").withUserConfiguration(OwnEndpoint.class)
			.run((context) -> assertThat(context).hasSingleBean(PipesEndpoint.class).hasBean("myPipesEndpoint"));
	}

	@Test
	void handlersAppearInTheMappingsEndpointWhenItIsAvailable() {
		exposed("mappings").withUserConfiguration(Handlers.class).run((context) -> {
			assertThat(context).doesNotHaveBean(PipesEndpoint.class);
			PipeHandlerMappingDescriptionProvider provider = context
				.getBean(PipeHandlerMappingDescriptionProvider.class);
			assertThat(provider.getMappingName()).isEqualTo("pipeHandlers");
			Map<String, PipeServerMappings> mappings = provider.describeMappings(context);
			assertThat(mappings).containsOnlyKeys("pipeServer");
			assertThat(mappings.get("pipeServer").pipe()).isEqualTo("pipe-ipc");
			assertThat(mappings.get("pipeServer").routes()).extracting(PipeRouteDescriptor::method)
				.containsExactly("order.total");
		});
	}

	@Test
	void mappingsProviderIsAbsentWhenTheMappingsEndpointIsNot() {
		exposed("pipes").withUserConfiguration(Handlers.class)
			.run((context) -> assertThat(context).doesNotHaveBean(PipeHandlerMappingDescriptionProvider.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Orders {

		@PipeHandler("order.total")
		java.math.BigDecimal total(List<Integer> quantities, String currency) {
			return java.math.BigDecimal.valueOf(quantities.stream().mapToInt(Integer::intValue).sum());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEndpoint {

		@Bean
		PipesEndpoint myPipesEndpoint(ConfiguredPipeServers configured) {
			return new PipesEndpoint(Map.of(), Map.of(), configured);
		}

	}

}
