package dev.pipeipc.test.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.test.PipeTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PipeTesterAutoConfiguration}.
 */
class PipeTesterAutoConfigurationTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PipeAutoConfiguration.class,
					PipeTesterAutoConfiguration.class))
			.withPropertyValues("pipe.server.directory=" + this.directory);
	}

	@Test
	void testerCallsTheMainServer() {
		runner().withPropertyValues("pipe.server.name=main", "pipe.servers.admin.name=admin").run((context) -> {
			assertThat(context).hasSingleBean(PipeTester.class);
			assertThat(context.getBean(PipeTester.class).getClient().getAddress())
				.isEqualTo(this.directory.resolve("main.sock").toString());
		});
	}

	@Test
	void testerBacksOffWithoutAssertJ() {
		runner().withClassLoader(new FilteredClassLoader("org.assertj"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipeTester.class));
	}

	@Test
	void testerBacksOffWhenTheTestDefinesOne() {
		runner().withUserConfiguration(OwnTester.class)
			.run((context) -> assertThat(context).getBeanNames(PipeTester.class).containsExactly("myTester"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnTester {

		@Bean
		PipeTester myTester(PipeServer pipeServer, JsonMapper mapper) {
			return PipeTester.forServer(pipeServer, mapper, Duration.ofSeconds(1));
		}

	}

}
