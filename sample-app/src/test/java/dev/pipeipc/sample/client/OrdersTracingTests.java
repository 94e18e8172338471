package dev.pipeipc.sample.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.FileSystemUtils;

import dev.pipeipc.client.registry.ImportPipeExchanges;
import dev.pipeipc.sample.NewOrder;
import dev.pipeipc.sample.OrdersApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace across two applications: a caller's span, the {@code pipe.client.requests} span of its
 * {@code @PipeExchange} call, and the order desk's {@code pipe.server.requests} span around the
 * handler, each application with Spring Boot's Brave tracing and a span recorder in place of an
 * exporter.
 */
class OrdersTracingTests {

	private static Path directory;

	private static ConfigurableApplicationContext desk;

	private static ConfigurableApplicationContext caller;

	@BeforeAll
	static void startBoth() throws Exception {
		directory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "orders-tracing");
		desk = new SpringApplicationBuilder(OrdersApplication.class, RecordedSpans.class)
			.web(WebApplicationType.NONE)
			.run("--pipe.server.directory=" + directory, "--spring.application.name=orders-tracing",
					"--spring.jmx.enabled=false", "--management.tracing.sampling.probability=1.0");
		caller = new SpringApplicationBuilder(TracedCallerApplication.class, RecordedSpans.class)
			.web(WebApplicationType.NONE)
			.run("--pipe.server.enabled=false", "--spring.application.name=traced-caller", "--spring.jmx.enabled=false",
					"--pipe.clients.orders.directory=" + directory, "--pipe.clients.orders.request-timeout=5s",
					"--management.tracing.sampling.probability=1.0");
	}

	@AfterAll
	static void stopBoth() {
		caller.close();
		desk.close();
		FileSystemUtils.deleteRecursively(directory.toFile());
	}

	@Test
	void traceCrossesFromTheClientCallIntoTheHandler() {
		OrdersClient orders = caller.getBean(OrdersClient.class);
		Tracer tracer = caller.getBean(Tracer.class);
		Span checkout = tracer.nextSpan().name("checkout").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(checkout)) {
			orders.create(new NewOrder("espresso", 1));
		}
		finally {
			checkout.end();
		}
		MutableSpan call = caller.getBean(RecordedSpans.class).await(Kind.CLIENT, "orders.create");
		MutableSpan handled = desk.getBean(RecordedSpans.class).await(Kind.SERVER, "orders.create");
		assertThat(call.traceId()).isEqualTo(checkout.context().traceId());
		assertThat(call.parentId()).isEqualTo(checkout.context().spanId());
		assertThat(handled.traceId()).isEqualTo(checkout.context().traceId());
		assertThat(handled.parentId()).isEqualTo(call.id());
		assertThat(handled.tags()).containsEntry("rpc.system.name", "jsonrpc")
			.containsEntry("rpc.method", "orders.create")
			.containsEntry("rpc.response.status_code", "0")
			.containsEntry("pipe.name", "orders");
		assertThat(call.tags()).containsEntry("rpc.method", "orders.create").containsEntry("pipe.name", "orders");
	}

	/**
	 * Keeps every span the application's tracer ends, as an exporter would receive them.
	 */
	@Configuration(proxyBeanMethods = false)
	static class RecordedSpans {

		private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		@Bean
		SpanHandler recordingSpanHandler() {
			return new SpanHandler() {

				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					RecordedSpans.this.spans.add(span);
					return true;
				}

			};
		}

		MutableSpan await(Kind kind, String name) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> this.spans.stream().anyMatch((span) -> span.kind() == kind && name.equals(span.name())));
			return this.spans.stream()
				.filter((span) -> span.kind() == kind && name.equals(span.name()))
				.findFirst()
				.orElseThrow();
		}

	}

	/**
	 * A separate application that calls the order desk inside spans of its own.
	 */
	@SpringBootApplication(scanBasePackages = "dev.pipeipc.sample.client.none")
	@ImportPipeExchanges(client = "orders", types = OrdersClient.class)
	static class TracedCallerApplication {

	}

}
