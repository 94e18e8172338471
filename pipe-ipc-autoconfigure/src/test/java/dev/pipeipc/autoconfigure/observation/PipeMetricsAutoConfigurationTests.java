package dev.pipeipc.autoconfigure.observation;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PipeMetricsAutoConfiguration}: every server's meters in Spring Boot's meter
 * registry, moved by real traffic over a Unix domain socket.
 */
class PipeMetricsAutoConfigurationTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					JacksonAutoConfiguration.class, PipeAutoConfiguration.class, PipeMetricsAutoConfiguration.class))
			.withUserConfiguration(PipeObservationAutoConfigurationTests.Handlers.class)
			.withPropertyValues("pipe.server.directory=" + this.directory,
					"pipe.servers.admin.directory=" + this.directory);
	}

	@Test
	void everyServerHasItsMetersTaggedWithItsPipeAndTransport() {
		runner().run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (String pipe : new String[] { "pipe-ipc", "admin" }) {
				for (String name : new String[] { PipeServerMeterBinder.CONNECTIONS, PipeServerMeterBinder.REQUESTS_PENDING }) {
					assertThat(registry.get(name).tag("pipe.name", pipe).tag("network.transport", "unix").gauge().value())
						.isZero();
				}
				for (String name : new String[] { PipeServerMeterBinder.BYTES_RECEIVED, PipeServerMeterBinder.BYTES_SENT,
						PipeServerMeterBinder.CONNECTIONS_REFUSED, PipeServerMeterBinder.CANCELLATIONS }) {
					assertThat(registry.get(name).tag("pipe.name", pipe).functionCounter().count()).isZero();
				}
				assertThat(registry.get(PipeServerMeterBinder.FRAME_ERRORS).tag("pipe.name", pipe).functionCounters())
					.extracting((counter) -> counter.getId().getTag("error.type"))
					.containsExactlyInAnyOrder("too_long", "malformed_header", "unsupported_content_type");
			}
		});
	}

	@Test
	void metersFollowTheTrafficOfAConnection() {
		runner().run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			try (PipeTestClient client = PipeTestClient.connect(this.directory.resolve("pipe-ipc.sock"),
					Framing.CONTENT_LENGTH)) {
				String request = PipeTestClient.request(1, "hello", "[\"pipe\"]");
				client.call(request);
				assertThat(gauge(registry, PipeServerMeterBinder.CONNECTIONS)).isEqualTo(1);
				assertThat(counter(registry, PipeServerMeterBinder.BYTES_RECEIVED).count())
					.isEqualTo(PipeTestClient.frame(Framing.CONTENT_LENGTH, request).length);
				String response = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"hello pipe\"}";
				assertThat(counter(registry, PipeServerMeterBinder.BYTES_SENT).count())
					.isEqualTo(PipeTestClient.frame(Framing.CONTENT_LENGTH, response).length);
				client.send(PipeTestClient.notification("$/cancelRequest", "{\"id\":7}"));
				client.sendRaw("Content-Length: x\r\n\r\n");
				Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.until(() -> counter(registry, PipeServerMeterBinder.CANCELLATIONS).count() == 1
							&& frameErrors(registry, "malformed_header").count() == 1);
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> gauge(registry, PipeServerMeterBinder.CONNECTIONS) == 0);
			assertThat(frameErrors(registry, "too_long").count()).isZero();
		});
	}

	@Test
	void countsConnectionsRefusedAtTheLimit() {
		runner().withPropertyValues("pipe.server.max-connections=1").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Path socket = this.directory.resolve("pipe-ipc.sock");
			try (PipeTestClient first = PipeTestClient.connect(socket, Framing.CONTENT_LENGTH)) {
				first.call(PipeTestClient.request(1, "hello", "[\"first\"]"));
				try (PipeTestClient second = PipeTestClient.connect(socket, Framing.CONTENT_LENGTH)) {
					assertThat(second.receiveJson().get("error").get("code").asInt()).isEqualTo(-32000);
				}
				assertThat(counter(registry, PipeServerMeterBinder.CONNECTIONS_REFUSED).count()).isEqualTo(1);
			}
		});
	}

	@Test
	void requestTimerComesFromTheObservations() {
		runner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					PipeObservationAutoConfiguration.class))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				try (PipeTestClient client = PipeTestClient.connect(this.directory.resolve("pipe-ipc.sock"),
						Framing.CONTENT_LENGTH)) {
					client.call(PipeTestClient.request(1, "hello", "[\"pipe\"]"));
				}
				// The observation finishes once the response has been handed to the connection.
				Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(registry.get("pipe.server.requests")
						.tag("rpc.system.name", "jsonrpc")
						.tag("rpc.method", "hello")
						.tag("rpc.response.status_code", "0")
						.tag("error.type", "none")
						.tag("network.transport", "unix")
						.tag("pipe.name", "pipe-ipc")
						.timer()
						.count()).isEqualTo(1));
			});
	}

	@Test
	void longTaskTimerHasTheKeysKnownAtStartAndGoesWithBootsIgnoredMetersProperty() {
		ApplicationContextRunner observed = runner().withConfiguration(
				AutoConfigurations.of(ObservationAutoConfiguration.class, PipeObservationAutoConfiguration.class));
		observed.run((context) -> {
			MeterRegistry registry = callHelloAndAwaitTheTimer(context.getBean(MeterRegistry.class));
			assertThat(registry.get("pipe.server.requests.active")
				.tag("rpc.method", "hello")
				.tag("rpc.response.status_code", "none")
				.tag("error.type", "none")
				.longTaskTimer()
				.activeTasks()).isZero();
		});
		observed.withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
			.run((context) -> {
				MeterRegistry registry = callHelloAndAwaitTheTimer(context.getBean(MeterRegistry.class));
				assertThat(registry.find("pipe.server.requests.active").meters()).isEmpty();
			});
	}

	private MeterRegistry callHelloAndAwaitTheTimer(MeterRegistry registry) throws Exception {
		try (PipeTestClient client = PipeTestClient.connect(this.directory.resolve("pipe-ipc.sock"),
				Framing.CONTENT_LENGTH)) {
			client.call(PipeTestClient.request(1, "hello", "[\"pipe\"]"));
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					registry.get("pipe.server.requests").tag("rpc.method", "hello").timer().count())
				.isEqualTo(1));
		return registry;
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnBinder() {
		runner().withUserConfiguration(BinderConfiguration.class).run((context) -> {
			assertThat(context).getBean("pipeServersMeterBinder").isSameAs(BinderConfiguration.BINDER);
			assertThat(context.getBean(MeterRegistry.class).find(PipeServerMeterBinder.CONNECTIONS).gauge()).isNull();
		});
	}

	@Test
	void staysAwayWithoutMicrometerCore() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PipeAutoConfiguration.class,
					PipeMetricsAutoConfiguration.class))
			.withPropertyValues("pipe.server.directory=" + this.directory)
			.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipeServersMeterBinder.class));
	}

	@Test
	void staysAwayWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PipeAutoConfiguration.class,
					PipeMetricsAutoConfiguration.class))
			.withPropertyValues("pipe.server.directory=" + this.directory)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipeServersMeterBinder.class));
	}

	private static double gauge(MeterRegistry registry, String name) {
		return registry.get(name).tag("pipe.name", "pipe-ipc").gauge().value();
	}

	private static FunctionCounter counter(MeterRegistry registry, String name) {
		return registry.get(name).tag("pipe.name", "pipe-ipc").functionCounter();
	}

	private static FunctionCounter frameErrors(MeterRegistry registry, String kind) {
		return registry.get(PipeServerMeterBinder.FRAME_ERRORS)
			.tag("pipe.name", "pipe-ipc")
			.tag("error.type", kind)
			.functionCounter();
	}

	@Configuration(proxyBeanMethods = false)
	static class BinderConfiguration {

		static final MeterBinder BINDER = (registry) -> {
		};

		@Bean
		MeterBinder pipeServersMeterBinder() {
			return BINDER;
		}

	}

}
