package dev.pipeipc.autoconfigure;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextException;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.support.SpringFactoriesLoader;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.server.jsonrpc.UnsupportedHandlerTypeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * JSON-RPC handlers with a type that has no JSON form stop the context from starting, and
 * {@link UnsupportedHandlerTypeFailureAnalyzer} says which bean, method and parameter and what to
 * use instead.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnsupportedHandlerTypeFailureAnalyzerTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration(this.directory);
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new UnsupportedHandlerTypeFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("analysis of %s", failure).isNotNull();
		return analysis;
	}

	@Test
	void streamParameterFailsStartupNamingBeanMethodParameterAndWhatToUse() {
		runner().withBean("uploads", Uploads.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("JSON-RPC handler 'files.upload' (bean 'uploads',"
					+ " method UnsupportedHandlerTypeFailureAnalyzerTests.Uploads.upload) takes parameter 'content'"
					+ " of type InputStream, which cannot be bound from JSON params. InputStream is a stream, read or"
					+ " written over time, with no JSON form.");
			assertThat(analysis.getAction()).startsWith("Take or return the content itself");
			assertThat(analysis.getCause()).isInstanceOf(UnsupportedHandlerTypeException.class);
		});
	}

	@Test
	void lambdaResultFailsStartupNamingTheReturnType() {
		runner().withBean("greetings", Greetings.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'greet' (bean 'greetings'", "returns Supplier<String>",
					"Supplier is a functional interface");
			assertThat(analysis.getAction()).contains("an enum or a record");
		});
	}

	@Test
	void handlerOfAnotherServerIsCheckedWhenThatServerStarts() {
		runner().withPropertyValues("pipe.server.enabled=false", "pipe.servers.files.name=files")
			.withBean("otherUploads", OtherServerUploads.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context.getStartupFailure()).getDescription())
					.contains("'upload' (bean 'otherUploads'");
			});
	}

	@Test
	void springApplicationPrintsTheAnalysisWhenAHandlerTypeIsRefused(CapturedOutput output) {
		SpringApplication application = new SpringApplication(PipeWithUploads.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatExceptionOfType(ApplicationContextException.class)
			.isThrownBy(() -> application.run("--pipe.server.directory=" + this.directory))
			.withRootCauseInstanceOf(UnsupportedHandlerTypeException.class);
		assertThat(output).contains("APPLICATION FAILED TO START",
				"takes parameter 'content' of type InputStream, which cannot be bound from JSON params.",
				"Action:", "Take or return the content itself");
	}

	@Test
	void analyzerIsRegisteredForSpringBootToFind() {
		// Analyzers of modules not on this test's classpath cannot be instantiated; only ours matters.
		SpringFactoriesLoader.FailureHandler skipOthers = SpringFactoriesLoader.FailureHandler
			.handleMessage((message, failure) -> {
			});
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, skipOthers))
			.hasAtLeastOneElementOfType(UnsupportedHandlerTypeFailureAnalyzer.class);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, PipeAutoConfiguration.class })
	@Import(Uploads.class)
	static class PipeWithUploads {

	}

	static class Uploads {

		@PipeHandler("files.upload")
		long upload(InputStream content) {
			return 0;
		}

	}

	static class Greetings {

		@PipeHandler("greet")
		Supplier<String> greet(String name) {
			return () -> "Hello " + name;
		}

	}

	static class OtherServerUploads {

		@PipeHandler(name = "upload", server = "files")
		void upload(InputStream content) {
		}

	}

}
