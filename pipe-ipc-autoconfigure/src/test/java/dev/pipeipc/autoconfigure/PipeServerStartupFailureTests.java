package dev.pipeipc.autoconfigure;

import java.lang.reflect.Proxy;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.config.DuplicatePipeHandlerException;
import dev.pipeipc.transport.unix.UnixSocketTransport;
import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeTransport;

import static dev.pipeipc.autoconfigure.JsonRpcSocketCall.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipe servers that cannot start as configured: each failure names what is wrong (the property,
 * the handler methods, the pipe) and, where a failure analyzer exists, what to do.
 */
class PipeServerStartupFailureTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration(this.directory);
	}

	@Test
	void messageFramingFailsOnUnixSocketsWithAReason() {
		runner().withPropertyValues("pipe.server.framing=message").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("pipe.server.framing")
				.hasMessageContaining("Message framing needs Win32 message-mode pipes");
		});
	}

	@Test
	void rawServerWithoutHandlerFailsAtStartup() {
		runner().withPropertyValues("pipe.server.protocol=raw", "pipe.server.name=bare").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Pipe 'bare' uses the raw protocol and needs exactly one @PipeHandler method")
				.hasMessageContaining("found none");
		});
	}

	@Test
	void rawServerWithTwoHandlersFailsAtStartupNamingThem() {
		runner().withPropertyValues("pipe.server.protocol=raw", "pipe.server.name=crowded")
			.withUserConfiguration(PipeAutoConfigurationTests.RawHandlers.class, PipeAutoConfigurationTests.Handlers.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Pipe 'crowded' uses the raw protocol")
					.hasMessageContaining("bean 'rawEcho'")
					.hasMessageContaining("bean 'handlers'");
			});
	}

	@Test
	void startupFailsWhenTwoHandlersClaimOneMethodName() {
		runner().withUserConfiguration(PipeAutoConfigurationTests.Handlers.class, DuplicateHandlers.class).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			DuplicatePipeHandlerException duplicate = findCause(failure, DuplicatePipeHandlerException.class);
			assertThat(duplicate.getMessage()).contains("'add'", "bean 'handlers'", "bean 'duplicateHandlers'",
					"Calculator.add(int,int)", "DuplicateCalculator.sum(int,int)");
			FailureAnalysis analysis = new DuplicatePipeHandlerFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains("handled twice");
			assertThat(analysis.getAction()).contains("@PipeHandler");
		});
	}

	@Test
	void startupFailsWhenHandlerNamesAnUnknownServer() {
		runner().withPropertyValues("pipe.servers.admin.directory=" + this.directory)
			.withUserConfiguration(StrayHandlers.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("names server 'reports'")
					.hasMessageContaining("pipe.servers.reports");
			});
	}

	@Test
	void startupFailsWhenAnotherServerListensOnThePipe() {
		runner().withPropertyValues("pipe.server.name=shared").run((first) -> {
			assertThat(first).hasNotFailed();
			runner().withPropertyValues("pipe.server.name=shared").run((second) -> {
				assertThat(second).hasFailed();
				FailureAnalysis analysis = new PipeInUseFailureAnalyzer().analyze(second.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'shared'",
						this.directory.resolve("shared.sock").toString(), "already served");
				assertThat(analysis.getAction()).contains("pipe.server.name");
			});
			assertThat(call(this.directory.resolve("shared.sock"), "missing", "[]").get("error").get("code").asInt())
				.isEqualTo(-32601);
		});
	}

	@Test
	void startupFailsWithAdviceWhenThePathIsTooLong() {
		String longName = "x".repeat(120);
		runner().withPropertyValues("pipe.server.name=" + longName).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new PipeAddressFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("limit of Unix domain socket paths",
					String.valueOf(UnixSocketTransport.maxPathBytes()));
			assertThat(analysis.getAction()).contains("pipe.server.directory", "pipe.server.name");
		});
	}

	@Test
	void startupFailsWithAdviceWhenWin32PipesCannotEnforceTheConnectionLimit() {
		runner().withPropertyValues("pipe.server.name=orders", "pipe.server.max-connections=255")
			.withBean(NamedPipeApi.class, PipeServerStartupFailureTests::uncallableNamedPipeApi)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new PipeConnectionLimitFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("Pipe server 'orders' could not start",
						"cannot limit its connections to 255");
				assertThat(analysis.getAction()).contains("'pipe.server.max-connections'",
						"from 1 to " + NamedPipeTransport.MAX_CONNECTION_LIMIT, "-1 for no limit");
			});
	}

	/**
	 * Win32 calls that fail the test if made: the connection limit is refused before any.
	 */
	private static NamedPipeApi uncallableNamedPipeApi() {
		return (NamedPipeApi) Proxy.newProxyInstance(NamedPipeApi.class.getClassLoader(),
				new Class<?>[] { NamedPipeApi.class }, (proxy, method, arguments) -> {
					throw new AssertionError("Unexpected Win32 call " + method.getName());
				});
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateHandlers {

		@Bean
		DuplicateCalculator duplicateHandlers() {
			return new DuplicateCalculator();
		}

	}

	static class DuplicateCalculator {

		@PipeHandler("add")
		int sum(int a, int b) {
			return a + b;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StrayHandlers {

		@Bean
		Object strayHandlers() {
			return new Object() {

				@PipeHandler(server = "reports")
				String report() {
					return "";
				}

			};
		}

	}

}
