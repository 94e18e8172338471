package dev.pipeipc.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.server.PipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for which servers the auto-configuration starts, and what it logs about them: a server
 * listens only when a handler is bound to it or it was configured explicitly.
 */
@ExtendWith(OutputCaptureExtension.class)
class PipeServerStartupTests {

	private static final LoggingSystem loggingSystem = LoggingSystem.get(PipeServerStartupTests.class.getClassLoader());

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration(this.directory);
	}

	@AfterEach
	void resetLogLevel() {
		loggingSystem.setLogLevel(ConfiguredPipeServers.class.getName(), null);
	}

	@Test
	void applicationThatOnlyCallsPipesOpensNoServer() {
		runner().withPropertyValues("pipe.clients.orders.pipe=orders").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(PipeClient.class);
			assertThat(context.getBean(PipeServer.class).isRunning()).isFalse();
			assertThat(this.directory.resolve("pipe-ipc.sock")).doesNotExist();
		});
	}

	@Test
	void twoApplicationsThatOnlyCallPipesStartSideBySide() {
		runner().run((first) -> runner().run((second) -> {
			assertThat(first).hasNotFailed();
			assertThat(second).hasNotFailed();
		}));
	}

	@Test
	void twoApplicationsThatOnlyCallPipesRunSideBySideWithTheSameSocketDirectory() {
		SpringApplicationBuilder application = new SpringApplicationBuilder(ClientOnlyApplication.class)
			.web(WebApplicationType.NONE)
			.properties("pipe.server.directory=" + this.directory, "pipe.clients.orders.pipe=orders");
		try (ConfigurableApplicationContext first = application.run();
				ConfigurableApplicationContext second = application.run()) {
			assertThat(first.getBean(PipeServer.class).isRunning()).isFalse();
			assertThat(second.getBean(PipeServer.class).isRunning()).isFalse();
			assertThat(second.getBean("ordersPipeClient", PipeClient.class)).isNotNull();
			assertThat(this.directory).isEmptyDirectory();
		}
	}

	@Test
	void serverThatIsNotNeededIsExplainedAtDebugLevel(CapturedOutput output) {
		loggingSystem.setLogLevel(ConfiguredPipeServers.class.getName(), LogLevel.DEBUG);
		runner().run((context) -> assertThat(output).contains("Pipe server 'pipe-ipc' not started: no @PipeHandler"
				+ " method is bound to it and 'pipe.server.name' is not set, so nothing listens on "
				+ this.directory.resolve("pipe-ipc.sock") + ". A handler of a @Lazy bean counts once the bean is"
				+ " created; set 'pipe.server.name' for the server to listen before that."));
	}

	@Test
	void handlerBeanOfAnApplicationWithGlobalLazyInitializationStartsTheServer() {
		runner().withInitializer((context) -> context
			.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.withUserConfiguration(Handlers.class, OtherBeans.class)
			.run((context) -> {
				assertThat(context.getBean(PipeServer.class).isRunning()).isTrue();
				assertThat(context.getBean(ConfiguredPipeServers.class).getHandlers(context.getBean(PipeServer.class)))
					.hasSize(2);
				assertThat(context.getBeanFactory().containsSingleton("unrelated")).isFalse();
			});
	}

	@Test
	void handlerBeanMarkedLazyDoesNotStartTheServer() {
		runner().withUserConfiguration(LazyHandlers.class).run((context) -> {
			assertThat(context.getBean(PipeServer.class).isRunning()).isFalse();
			assertThat(this.directory.resolve("pipe-ipc.sock")).doesNotExist();
		});
	}

	@Test
	void handlerBeanMarkedLazyIsServedFromItsCreationByANamedServer() {
		runner().withPropertyValues("pipe.server.name=lazy")
			.withUserConfiguration(LazyHandlers.class)
			.run((context) -> {
				PipeServer server = context.getBean(PipeServer.class);
				ConfiguredPipeServers configured = context.getBean(ConfiguredPipeServers.class);
				assertThat(server.isRunning()).isTrue();
				assertThat(configured.getHandlers(server)).isEmpty();
				context.getBean(Greeter.class);
				assertThat(configured.getHandlers(server)).hasSize(2);
			});
	}

	@Test
	void serverWithAHandlerStartsAndSaysWhereWhatAndOnWhichThreads(CapturedOutput output) {
		runner().withUserConfiguration(Handlers.class).run((context) -> {
			assertThat(context.getBean(PipeServer.class).isRunning()).isTrue();
			assertThat(output).containsOnlyOnce("Pipe server 'pipe-ipc' listening on")
				.contains("Pipe server 'pipe-ipc' listening on " + this.directory.resolve("pipe-ipc.sock")
						+ " (content-length framing): 2 handler(s) on up to 200 platform threads, or the I/O"
						+ " thread for the last message of a read");
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void startupLineNamesVirtualThreadsWhenEnabled(CapturedOutput output) {
		runner().withPropertyValues("spring.threads.virtual.enabled=true")
			.withUserConfiguration(Handlers.class)
			.run((context) -> assertThat(output)
				.contains("(content-length framing): 2 handler(s) on a virtual thread per request"));
	}

	@Test
	void namedServerStartsWithoutHandlersAndWarns(CapturedOutput output) {
		runner().withPropertyValues("pipe.server.name=lonely").run((context) -> {
			assertThat(context.getBean(PipeServer.class).isRunning()).isTrue();
			assertThat(output).contains("WARN").contains("Pipe server 'lonely' is configured by 'pipe.server.*' but no"
					+ " @PipeHandler method is bound to it: it listens on " + this.directory.resolve("lonely.sock")
					+ " with nothing to serve.");
		});
	}

	@Test
	void additionalServerStartsWithoutHandlersAndWarns(CapturedOutput output) {
		runner().withPropertyValues("pipe.servers.admin.directory=" + this.directory).run((context) -> {
			assertThat(context.getBean("adminPipeServer", PipeServer.class).isRunning()).isTrue();
			assertThat(context.getBean("pipeServer", PipeServer.class).isRunning()).isFalse();
			assertThat(output).contains("Pipe server 'admin' is configured by 'pipe.servers.admin.*' but no"
					+ " @PipeHandler method is bound to it");
		});
	}

	@Test
	void serverWithHandlersDoesNotWarn(CapturedOutput output) {
		runner().withPropertyValues("pipe.server.name=busy")
			.withUserConfiguration(Handlers.class)
			.run((context) -> assertThat(output).doesNotContain("with nothing to serve"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyHandlers {

		@Bean
		@Lazy
		Greeter greeter() {
			return new Greeter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherBeans {

		@Bean
		Object unrelated() {
			return new Object();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ClientOnlyApplication {

	}

	static class Greeter {

		@PipeHandler
		String hello(String name) {
			return "Hello " + name;
		}

		@PipeHandler
		String bye(String name) {
			return "Bye " + name;
		}

	}

}
