package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link PipeProperties} are bound: once, under the new names, with the names renamed before
 * 1.0 still working as deprecated aliases. No server is started: the main one is disabled and
 * additional ones are disabled too, so they are only bound.
 */
@ExtendWith(OutputCaptureExtension.class)
class PipePropertiesBindingTests {

	private static final String WARNING = "Deprecated pipe properties are set";

	private final ApplicationContextRunner runner = PipeContextRunners.pipeAutoConfiguration()
		.withPropertyValues("pipe.server.enabled=false");

	@Test
	void propertiesAreASingletonThatBootsBindingPostProcessorNeverSees() {
		this.runner.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(PipeProperties.class);
				assertThat(context.getBeanFactory().containsSingleton(ConfiguredPipeBeansRegistrar.PROPERTIES_BEAN_NAME))
					.isTrue();
				assertThat(context.getBeanFactory().containsBeanDefinition(ConfiguredPipeBeansRegistrar.PROPERTIES_BEAN_NAME))
					.isFalse();
			});
	}

	@Test
	void clientsAreBoundBesideServers() {
		this.runner.withPropertyValues("pipe.clients.shop.pipe=orders").run((context) -> {
			assertThat(context.getBean(PipeProperties.class).getClients().get("shop").getPipe()).isEqualTo("orders");
			assertThat(context).hasBean("shopPipeClient");
		});
	}

	@Test
	void oldClientNamesStillBind() {
		this.runner.withPropertyValues("pipe.client.shop.pipe=orders", "pipe.client.shop.request-timeout=5s")
			.run((context) -> {
				PipeClientProperties shop = context.getBean(PipeProperties.class).getClients().get("shop");
				assertThat(shop.getPipe()).isEqualTo("orders");
				assertThat(shop.getRequestTimeout()).hasSeconds(5);
				assertThat(context).hasBean("shopPipeClient");
			});
	}

	@Test
	void newClientNameWinsOverItsOldNameWhenBothAreSet() {
		this.runner.withPropertyValues("pipe.client.shop.pipe=old", "pipe.clients.shop.pipe=new")
			.run((context) -> assertThat(context.getBean(PipeProperties.class).getClients().get("shop").getPipe())
				.isEqualTo("new"));
	}

	@Test
	void oldMaxInstancesStillBindsAsMaxConnections() {
		this.runner
			.withPropertyValues("pipe.server.max-instances=4", "pipe.servers.admin.enabled=false",
					"pipe.servers.admin.max-instances=2")
			.run((context) -> {
				PipeProperties properties = context.getBean(PipeProperties.class);
				assertThat(properties.getServer().getMaxConnections()).isEqualTo(4);
				assertThat(properties.getServers().get("admin").getMaxConnections()).isEqualTo(2);
			});
	}

	@Test
	void maxConnectionsWinsOverMaxInstancesWhenBothAreSet() {
		this.runner.withPropertyValues("pipe.server.max-instances=4", "pipe.server.max-connections=9")
			.run((context) -> assertThat(context.getBean(PipeProperties.class).getServer().getMaxConnections())
				.isEqualTo(9));
	}

	@Test
	void oldNamesSetAsEnvironmentVariablesStillBind() {
		Map<String, Object> variables = Map.of("PIPE_CLIENT_SHOP_PIPE", "orders", "PIPE_SERVER_MAXINSTANCES", "3");
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
			.run((context) -> {
				PipeProperties properties = context.getBean(PipeProperties.class);
				assertThat(properties.getClients().get("shop").getPipe()).isEqualTo("orders");
				assertThat(properties.getServer().getMaxConnections()).isEqualTo(3);
			});
	}

	@Test
	void oldNamesLogOneWarningNamingTheirReplacements(CapturedOutput output) {
		this.runner.withPropertyValues("pipe.client.shop.pipe=orders", "pipe.server.max-instances=4")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut().split(WARNING, -1)).hasSize(2);
		assertThat(output.getOut()).contains("'pipe.client.shop.pipe' is now 'pipe.clients.shop.pipe'",
				"'pipe.server.max-instances' is now 'pipe.server.max-connections'");
	}

	@Test
	void warningSaysWhichOldNameIsIgnored(CapturedOutput output) {
		this.runner.withPropertyValues("pipe.server.max-instances=4", "pipe.server.max-connections=9")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut()).contains("(both are set, so 'pipe.server.max-instances' is ignored)");
	}

	@Test
	void newNamesLogNoWarning(CapturedOutput output) {
		this.runner.withPropertyValues("pipe.clients.shop.pipe=orders", "pipe.server.max-connections=4")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut()).doesNotContain(WARNING);
	}

	@Test
	void metadataMarksOldNamesDeprecatedWithTheirReplacements() throws IOException {
		JsonNode metadata;
		try (InputStream json = PipeProperties.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readTree(json);
		}
		Map<String, String> replacements = new java.util.LinkedHashMap<>();
		for (JsonNode property : metadata.get("properties")) {
			JsonNode deprecation = property.get("deprecation");
			if (deprecation != null) {
				assertThat(deprecation.get("level").asString()).isEqualTo("warning");
				replacements.put(property.get("name").asString(), deprecation.get("replacement").asString());
			}
		}
		assertThat(replacements).containsExactly(Map.entry("pipe.client", "pipe.clients"),
				Map.entry("pipe.server.max-instances", "pipe.server.max-connections"),
				Map.entry("pipe.servers.*.max-instances", "pipe.servers.*.max-connections"));
	}

}
