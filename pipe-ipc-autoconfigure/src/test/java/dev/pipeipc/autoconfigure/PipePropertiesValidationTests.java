package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

import dev.pipeipc.client.PipeClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Startup checks of {@link PipePropertiesValidator}: every numeric, size and duration setting out
 * of range fails startup with the property, the value as written and the allowed range, before any
 * pipe is opened.
 */
class PipePropertiesValidationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration(this.directory);
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			pipe.server.max-message-size            | 3GB   | between 1 byte and 2147483639 bytes
			pipe.server.max-message-size            | 0B    | between 1 byte and 2147483639 bytes
			pipe.server.max-connections             | 0     | -1 (no limit) or between 1 and 2147483647
			pipe.server.max-connections             | -2    | -1 (no limit) or between 1 and 2147483647
			pipe.server.idle-timeout                | 0s    | a positive duration
			pipe.server.max-threads                 | 0     | between 1 and 536870911
			pipe.server.max-pending-requests        | 0     | between 1 and 2147483647
			pipe.server.shutdown-grace-period       | -1s   | zero or a positive duration
			pipe.server.request-timeout             | 0s    | a positive duration
			pipe.server.memory-budget               | 0B    | at least 1 byte
			pipe.server.json.max-nesting-depth      | 0     | between 1 and 2147483647
			pipe.server.json.max-number-length      | -1    | between 1 and 2147483647
			pipe.server.json.max-string-length      | 0     | between 1 and 2147483647
			pipe.server.json.max-name-length        | 0     | between 1 and 2147483647
			pipe.clients.shop.json.max-nesting-depth | 0    | between 1 and 2147483647
			pipe.server.windows.in-buffer-size      | 3GB   | between 0 and 2147483647 bytes
			pipe.server.windows.out-buffer-size     | -1B   | between 0 and 2147483647 bytes
			pipe.servers.admin.max-threads          | -5    | between 1 and 536870911
			pipe.clients.shop.max-message-size      | 2GB   | between 1 byte and 2147483639 bytes
			pipe.clients.shop.connect-timeout       | -1s   | zero or a positive duration
			pipe.clients.shop.request-timeout       | 0ms   | a positive duration
			pipe.clients.shop.reconnect-backoff     | -10ms | zero or a positive duration
			pipe.clients.shop.max-reconnect-backoff | 10ms  | at least 'pipe.clients.shop.reconnect-backoff' (PT0.1S)
			""")
	void valueOutOfRangeFailsStartupNamingPropertyValueAndRange(String property, String value, String allowed) {
		runner().withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOf(InvalidPipePropertiesException.class)
				.hasMessageContaining("'" + property + "' is '" + value + "'")
				.hasMessageContaining("but must be " + allowed);
		});
	}

	@Test
	void everyValueOutOfRangeIsReportedInOneFailure() {
		runner().withPropertyValues("pipe.server.max-threads=0", "pipe.clients.shop.request-timeout=0s")
			.run((context) -> {
				InvalidPipePropertiesException failure = (InvalidPipePropertiesException) context.getStartupFailure();
				assertThat(failure.getInvalidValues()).extracting(InvalidPipePropertiesException.InvalidValue::property)
					.containsExactly("pipe.server.max-threads", "pipe.clients.shop.request-timeout");
			});
	}

	@Test
	void valueSetWithADeprecatedNameIsReportedWithThatName() {
		runner().withPropertyValues("pipe.server.max-instances=0").run((context) -> {
			assertThat(context.getStartupFailure())
				.hasMessageContaining("'pipe.server.max-connections' (set as 'pipe.server.max-instances') is '0'");
		});
	}

	@Test
	void settingsOfADisabledServerAreNotChecked() {
		runner().withPropertyValues("pipe.server.enabled=false", "pipe.server.max-threads=0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void largestMessageSizeInRangeIsPassedToTheClientWhole() {
		runner().withPropertyValues("pipe.server.enabled=false", "pipe.clients.shop.max-message-size=2147483639B")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PipeClient.class));
	}

	@Test
	void failureAnalysisListsEachValueAndSaysWhatToDo() {
		runner().withPropertyValues("pipe.server.max-threads=0", "pipe.server.max-message-size=3GB").run((context) -> {
			FailureAnalysis analysis = new InvalidPipePropertiesFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("- 'pipe.server.max-message-size' is '3GB'",
					"- 'pipe.server.max-threads' is '0'");
			assertThat(analysis.getAction()).contains("in its range", "remove it to use its default");
		});
	}

	@Test
	void failureNamesTheFileAndLineOfEachBadValue() throws IOException {
		Path yaml = Files.writeString(this.directory.resolve("application.yml"), """
				pipe:
				  server:
				    max-threads: 0
				""");
		SpringApplication application = new SpringApplication(PipeOnly.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatExceptionOfType(InvalidPipePropertiesException.class)
			.isThrownBy(() -> application.run("--spring.config.location=file:" + yaml,
					"--pipe.server.directory=" + this.directory))
			.withMessageContaining("'pipe.server.max-threads' is '0' (from URL [file:" + yaml + "] - 3:18)");
	}

	@Test
	void failureAnalyzerIsRegistered() {
		List<String> names = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.logging(
					org.apache.commons.logging.LogFactory.getLog(getClass())))
			.stream()
			.map((analyzer) -> analyzer.getClass().getName())
			.toList();
		assertThat(names).contains(InvalidPipePropertiesFailureAnalyzer.class.getName());
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, PipeAutoConfiguration.class })
	static class PipeOnly {

	}

}
