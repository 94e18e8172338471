package dev.pipeipc.autoconfigure.health;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.autoconfigure.PipeAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PipeHealthContributorAutoConfiguration}.
 */
class PipeHealthContributorAutoConfigurationTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PipeAutoConfiguration.class,
					PipeHealthContributorAutoConfiguration.class))
			.withPropertyValues("pipe.server.directory=" + this.directory);
	}

	@Test
	void contributesOneIndicatorPerListeningServerByBeanName() {
		runner().withPropertyValues("pipe.servers.admin.directory=" + this.directory)
			.withUserConfiguration(Handlers.class)
			.run((context) -> {
				PipeHealthContributor pipe = context.getBean("pipeHealthContributor", PipeHealthContributor.class);
				assertThat(pipe.stream().map(HealthContributors.Entry::name)).containsExactly("adminPipeServer",
						"pipeServer");
				Health main = ((HealthIndicator) pipe.getContributor("pipeServer")).health();
				assertThat(main.getStatus()).isEqualTo(Status.UP);
				assertThat(main.getDetails()).containsEntry("name", "pipe-ipc")
					.containsEntry("address", this.directory.resolve("pipe-ipc.sock").toString())
					.containsEntry("transport", "unix")
					.containsEntry("protocol", "json-rpc")
					.containsEntry("framing", "content-length");
				Health admin = ((HealthIndicator) pipe.getContributor("adminPipeServer")).health();
				assertThat(admin.getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void leavesOutAServerThatDoesNotListen() {
		runner().withPropertyValues("pipe.clients.orders.pipe=orders").run((context) -> {
			PipeHealthContributor pipe = context.getBean(PipeHealthContributor.class);
			assertThat(pipe.stream()).isEmpty();
			assertThat(pipe.getContributor("pipeServer")).isNull();
		});
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		runner().withClassLoader(new FilteredClassLoader(HealthContributor.class))
			.withUserConfiguration(Handlers.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipeHealthContributor.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnPipeHealthIndicator() {
		runner().withUserConfiguration(Handlers.class, OwnIndicator.class).run((context) -> {
			assertThat(context).doesNotHaveBean(PipeHealthContributor.class).hasBean("pipeHealthIndicator");
		});
	}

	@Test
	void isOffWhenDisabled() {
		runner().withPropertyValues("management.health.pipe.enabled=false")
			.withUserConfiguration(Handlers.class)
			.run((context) -> assertThat(context).doesNotHaveBean(PipeHealthContributor.class));
	}

	@Test
	void reportsAnAdditionalServerWhenTheMainOneIsDisabled() {
		runner().withPropertyValues("pipe.server.enabled=false", "pipe.servers.admin.directory=" + this.directory)
			.run((context) -> {
				PipeHealthContributor pipe = context.getBean(PipeHealthContributor.class);
				assertThat(pipe.stream().map(HealthContributors.Entry::name)).containsExactly("adminPipeServer");
			});
	}

	@Test
	void applicationThatOnlyCallsPipesStaysHealthy() {
		runner().withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
			.withPropertyValues("pipe.clients.orders.pipe=orders", "management.endpoints.web.exposure.include=health")
			.run((context) -> {
				JsonNode health = context.getBean(JsonMapper.class)
					.valueToTree(context.getBean(HealthEndpoint.class).health());
				assertThat(health.get("status").asString()).isEqualTo("UP");
			});
	}

	@Test
	void isEmptyWithoutPipeServers() {
		runner().withPropertyValues("pipe.server.enabled=false")
			.run((context) -> assertThat(context.getBean(PipeHealthContributor.class).stream()).isEmpty());
	}

	@Test
	void switchIsDescribedInTheMetadata() throws IOException {
		JsonNode metadata;
		try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readTree(json);
		}
		assertThat(metadata.get("properties").valueStream()
			.filter((property) -> property.get("name").asString().equals("management.health.pipe.enabled")))
			.singleElement()
			.satisfies((property) -> {
				assertThat(property.get("description").asString())
					.isEqualTo("Whether to enable the health of pipe servers.");
				assertThat(property.get("defaultValue").asBoolean()).isTrue();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	static class Echo {

		@PipeHandler
		String echo(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnIndicator {

		@Bean
		HealthIndicator pipeHealthIndicator() {
			return () -> Health.up().build();
		}

	}

}
