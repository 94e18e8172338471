package dev.pipeipc.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of {@link DeprecatedPipePropertyNames}, on plain map sources.
 */
class DeprecatedPipePropertyNamesTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(nullValues = "none", textBlock = """
			pipe.client.shop.pipe,               pipe.clients.shop.pipe
			pipe.client.shop.max-message-size,   pipe.clients.shop.max-message-size
			pipe.server.max-instances,           pipe.server.max-connections
			pipe.server.maxinstances,            pipe.server.max-connections
			pipe.servers.admin.max-instances,    pipe.servers.admin.max-connections
			pipe.clients.shop.pipe,              none
			pipe.server.max-connections,         none
			pipe.server.windows.max-instances,   none
			pipe.servers.admin.windows.max-instances, none
			other.client.shop.pipe,              none
			""")
	void deprecatedNamesMapToTheirReplacements(String name, String replacement) {
		ConfigurationPropertyName replaced = DeprecatedPipePropertyNames
			.replacementOrNull(ConfigurationPropertyName.of(name));
		assertThat((replaced != null) ? replaced.toString() : null).isEqualTo(replacement);
	}

	@Test
	void noWarningWhenNoDeprecatedNameIsSet() {
		assertThat(find(Map.of("pipe.clients.shop.pipe", "orders")).warning()).isNull();
	}

	@Test
	void oneWarningNamesEveryDeprecatedNameInUse() {
		String warning = find(Map.of("pipe.client.shop.pipe", "orders", "pipe.servers.admin.max-instances", "1"))
			.warning();
		assertThat(warning).contains("'pipe.client.shop.pipe' is now 'pipe.clients.shop.pipe'",
				"'pipe.servers.admin.max-instances' is now 'pipe.servers.admin.max-connections'");
	}

	@Test
	void aliasedSourceAnswersForTheNewName() {
		List<ConfigurationPropertySource> sources = List
			.of(new MapConfigurationPropertySource(Map.of("pipe.client.shop.pipe", "orders")));
		ConfigurationPropertySource aliased = DeprecatedPipePropertyNames.find(sources).applyTo(sources).get(0);
		assertThat(aliased.getConfigurationProperty(ConfigurationPropertyName.of("pipe.clients.shop.pipe")))
			.satisfies((property) -> assertThat(property.getValue()).isEqualTo("orders"));
	}

	@Test
	void newNameInAnotherSourceWinsOverTheOldName() {
		List<ConfigurationPropertySource> sources = List.of(
				new MapConfigurationPropertySource(Map.of("pipe.server.max-instances", "4")),
				new MapConfigurationPropertySource(Map.of("pipe.server.max-connections", "9")));
		DeprecatedPipePropertyNames deprecated = DeprecatedPipePropertyNames.find(sources);
		ConfigurationPropertySource first = deprecated.applyTo(sources).get(0);
		assertThat(first.getConfigurationProperty(ConfigurationPropertyName.of("pipe.server.max-connections")))
			.isNull();
		assertThat(deprecated.warning()).contains("'pipe.server.max-instances' is ignored");
	}

	private static DeprecatedPipePropertyNames find(Map<String, String> properties) {
		return DeprecatedPipePropertyNames.find(List.of(new MapConfigurationPropertySource(properties)));
	}

}
