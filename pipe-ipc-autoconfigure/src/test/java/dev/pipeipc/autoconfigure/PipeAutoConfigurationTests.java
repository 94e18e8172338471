package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.PipeServerSettings;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.unix.UnixSocketTransport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.pipeipc.autoconfigure.JsonRpcSocketCall.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PipeAutoConfiguration}: defaults, property binding, back-off, several servers and
 * startup failures, each in a real context that binds real sockets.
 */
class PipeAutoConfigurationTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration(this.directory);
	}

	@Test
	void serverUsesDefaultNameAndDirectory() {
		runner().withUserConfiguration(Handlers.class).run((context) -> {
			assertThat(context).hasSingleBean(PipeServer.class).hasBean("pipeServer");
			PipeServer server = context.getBean(PipeServer.class);
			assertThat(server.getName()).isEqualTo("pipe-ipc");
			assertThat(server.getAddress()).isEqualTo(this.directory.resolve("pipe-ipc.sock").toString());
			assertThat(server.isRunning()).isTrue();
			assertThat(server.getSettings().framing()).isEqualTo(Framing.CONTENT_LENGTH);
			assertThat(server.getSettings().maxMessageSize()).isEqualTo(PipeServerSettings.DEFAULT_MAX_MESSAGE_SIZE);
			assertThat(server.getSettings().maxConnections()).isEqualTo(-1);
			assertThat(server.getSettings().idleTimeout()).isNull();
		});
	}

	@Test
	void serverIsNamedAfterTheApplication() {
		runner().withPropertyValues("spring.application.name=billing").withUserConfiguration(Handlers.class).run((context) -> {
			assertThat(context.getBean(PipeServer.class).getName()).isEqualTo("billing");
			assertThat(this.directory.resolve("billing.sock")).exists();
		});
	}

	@Test
	void serverDirectoryDefaultsToXdgRuntimeDir() {
		PipeContextRunners.pipeAutoConfiguration()
			.withPropertyValues("XDG_RUNTIME_DIR=" + this.directory, "pipe.server.name=runtime")
			.run((context) -> assertThat(context.getBean(PipeServer.class).getAddress())
				.isEqualTo(this.directory.resolve("runtime.sock").toString()));
	}

	@Test
	void nameWithSlashIsTheSocketPath() {
		Path socket = this.directory.resolve("custom/app.socket");
		runner().withPropertyValues("pipe.server.name=" + socket).run((context) -> {
			assertThat(context.getBean(PipeServer.class).getAddress()).isEqualTo(socket.toString());
			assertThat(socket).exists();
		});
	}

	@Test
	void propertiesAreBoundToServerSettings() {
		runner()
			.withPropertyValues("pipe.server.name=orders", "pipe.server.framing=newline",
					"pipe.server.max-message-size=64KB", "pipe.server.max-connections=8", "pipe.server.idle-timeout=30s",
					"pipe.server.max-threads=4", "pipe.server.max-pending-requests=16")
			.run((context) -> {
				PipeServerSettings settings = context.getBean(PipeServer.class).getSettings();
				assertThat(settings.name()).isEqualTo("orders");
				assertThat(settings.framing()).isEqualTo(Framing.NEWLINE);
				assertThat(settings.maxMessageSize()).isEqualTo(64 * 1024);
				assertThat(settings.maxConnections()).isEqualTo(8);
				assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(settings.maxThreads()).isEqualTo(4);
				assertThat(settings.maxPendingRequests()).isEqualTo(16);
				assertThat(settings.virtualThreads()).isFalse();
			});
	}

	@Test
	void shutdownGracePeriodIsBoundAndDefaultsToThirtySeconds() {
		runner().run((context) -> assertThat(context.getBean(PipeServer.class).getShutdownGracePeriod())
			.isEqualTo(Duration.ofSeconds(30)));
		runner().withPropertyValues("pipe.server.shutdown-grace-period=5s")
			.run((context) -> assertThat(context.getBean(PipeServer.class).getShutdownGracePeriod())
				.isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void handlersRunOnVirtualThreadsWhenEnabledOnJava21() {
		boolean java21 = Runtime.version().feature() >= 21;
		runner().withPropertyValues("pipe.server.name=virtual", "spring.threads.virtual.enabled=true")
			.withUserConfiguration(ThreadHandlers.class)
			.run((context) -> {
				assertThat(context.getBean(PipeServer.class).getSettings().virtualThreads()).isEqualTo(java21);
				JsonNode response = call(this.directory.resolve("virtual.sock"), "isVirtual", "[]");
				assertThat(response.get("result").asBoolean()).isEqualTo(java21);
			});
	}

	@Test
	void handlersRunOnPlatformThreadsByDefault() {
		runner().withPropertyValues("pipe.server.name=platform").withUserConfiguration(ThreadHandlers.class).run((context) -> {
			JsonNode response = call(this.directory.resolve("platform.sock"), "isVirtual", "[]");
			assertThat(response.get("result").asBoolean()).isFalse();
			assertThat(call(this.directory.resolve("platform.sock"), "threadName", "[]").get("result").asString())
				.startsWith("pipe-platform-");
		});
	}

	@Test
	void serverIsNotCreatedWhenDisabled() {
		runner().withPropertyValues("pipe.server.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(PipeServer.class);
			assertThat(context).hasSingleBean(PipeHandlerRegistry.class);
		});
	}

	@Test
	void serverBacksOffWhenUserDefinesOne() {
		runner().withUserConfiguration(UserServerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PipeServer.class).hasBean("myServer").doesNotHaveBean("pipeServer");
			assertThat(context.getBean(PipeServer.class).isRunning()).as("started with the context").isTrue();
		});
	}

	@Test
	void registryBacksOffAndUserTransportServesThePipe() {
		runner().withPropertyValues("pipe.server.name=own").withUserConfiguration(UserInfrastructureConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(PipeHandlerRegistry.class).hasBean("myRegistry");
				RecordingTransport transport = context.getBean(RecordingTransport.class);
				assertThat(transport.addresses).containsExactly(this.directory.resolve("own.sock").toString());
			});
	}

	@Test
	void rawProtocolDefaultsToLengthPrefixFramingOnUnix() {
		runner().withPropertyValues("pipe.server.protocol=raw").withUserConfiguration(RawHandlers.class).run((context) -> {
			assertThat(context.getBean(PipeServer.class).getSettings().framing()).isEqualTo(Framing.LENGTH_PREFIX);
		});
	}

	@Test
	void handlersAreServedOverTheSocket() {
		runner().withPropertyValues("pipe.server.name=calc").withUserConfiguration(Handlers.class).run((context) -> {
			JsonNode response = call(this.directory.resolve("calc.sock"), "add", "[2, 3]");
			assertThat(response.get("result").asInt()).isEqualTo(5);
		});
	}

	@Test
	void severalServersGetOneBeanEachAndTheirOwnHandlers() {
		runner()
			.withPropertyValues("pipe.server.name=main", "pipe.servers.admin.directory=" + this.directory,
					"pipe.servers.metrics.name=stats", "pipe.servers.metrics.directory=" + this.directory)
			.withUserConfiguration(Handlers.class, AdminHandlerConfiguration.class)
			.run((context) -> {
				assertThat(context).getBeans(PipeServer.class)
					.containsOnlyKeys("pipeServer", "adminPipeServer", "metricsPipeServer");
				assertThat(context.getBean("adminPipeServer", PipeServer.class).getName()).isEqualTo("admin");
				assertThat(context.getBean("metricsPipeServer", PipeServer.class).getName()).isEqualTo("stats");
				Path main = this.directory.resolve("main.sock");
				Path admin = this.directory.resolve("admin.sock");
				assertThat(call(admin, "shutdownCount", "[]").get("result").asInt()).isEqualTo(0);
				assertThat(call(main, "shutdownCount", "[]").get("error").get("code").asInt()).isEqualTo(-32601);
				assertThat(call(admin, "add", "[1, 1]").get("error").get("code").asInt()).isEqualTo(-32601);
				assertThat(call(this.directory.resolve("stats.sock"), "add", "[1, 1]").get("error").get("code").asInt())
					.isEqualTo(-32601);
			});
	}

	@Test
	void disabledAdditionalServerIsNotCreated() {
		runner().withPropertyValues("pipe.servers.admin.enabled=false").run((context) -> {
			assertThat(context).getBeans(PipeServer.class).containsOnlyKeys("pipeServer");
		});
	}

	@Test
	void socketFileIsDeletedWhenTheContextCloses() {
		Path socket = this.directory.resolve("closing.sock");
		runner().withPropertyValues("pipe.server.name=closing").run((context) -> assertThat(socket).exists());
		assertThat(socket).doesNotExist();
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		Calculator handlers() {
			return new Calculator();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AdminHandlerConfiguration {

		@Bean
		AdminHandlers adminHandlers() {
			return new AdminHandlers();
		}

	}

	static class Calculator {

		@PipeHandler
		int add(int a, int b) {
			return a + b;
		}

	}

	static class AdminHandlers {

		@PipeHandler(server = "admin")
		int shutdownCount() {
			return 0;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadHandlers {

		@Bean
		ThreadInfo threadInfo() {
			return new ThreadInfo();
		}

	}

	static class ThreadInfo {

		@PipeHandler
		boolean isVirtual() throws ReflectiveOperationException {
			try {
				return (boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
			}
			catch (NoSuchMethodException ex) {
				return false;
			}
		}

		@PipeHandler
		String threadName() {
			return Thread.currentThread().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserServerConfiguration {

		@Bean
		PipeServer myServer(PipeHandlerRegistry registry, org.springframework.core.env.Environment environment) {
			return PipeServer.builder("mine", environment.getRequiredProperty("pipe.server.directory") + "/mine.sock")
				.transport(new UnixSocketTransport())
				.protocol(new dev.pipeipc.server.jsonrpc.JsonRpcProtocol("", "mine", registry,
						JsonMapper.builder().build(), false))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInfrastructureConfiguration {

		@Bean
		PipeHandlerRegistry myRegistry() {
			return new PipeHandlerRegistry();
		}

		@Bean
		RecordingTransport myTransport() {
			return new RecordingTransport();
		}

	}

	static class RecordingTransport implements PipeTransport {

		final java.util.List<String> addresses = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final UnixSocketTransport delegate = new UnixSocketTransport(1);

		@Override
		public dev.pipeipc.transport.PipeListener listen(dev.pipeipc.transport.PipeListenOptions options,
				dev.pipeipc.transport.PipeConnectionListener listener) throws IOException {
			this.addresses.add(options.address());
			return this.delegate.listen(options, listener);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RawHandlers {

		@Bean
		RawEcho rawEcho() {
			return new RawEcho();
		}

	}

	static class RawEcho {

		@PipeHandler
		byte[] echo(byte[] message) {
			return message;
		}

	}

}
