package dev.pipeipc.sample;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.jsonrpc.JsonRpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The order desk's actuator over JMX, as {@code application.yml} exposes it: the pipe health of
 * the listening server, its handlers in the {@code pipes} and {@code mappings} endpoints, and its
 * meters in {@code metrics}.
 */
class OrdersActuatorTests {

	private static final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

	private static Path directory;

	private static ConfigurableApplicationContext desk;

	@BeforeAll
	static void start() throws Exception {
		directory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "orders-actuator");
		desk = new SpringApplicationBuilder(OrdersApplication.class).web(WebApplicationType.NONE)
			.run("--pipe.server.directory=" + directory, "--spring.application.name=orders-actuator");
	}

	@AfterAll
	static void stop() {
		desk.close();
		FileSystemUtils.deleteRecursively(directory.toFile());
	}

	@Test
	@SuppressWarnings("unchecked")
	void pipeHealthIsUpWithTheServersDetails() throws Exception {
		Map<String, Object> health = (Map<String, Object>) mbeans.invoke(endpoint("Health"), "health", new Object[0], new String[0]);
		Map<String, Object> pipe = (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("pipe");
		assertThat(pipe).containsEntry("status", "UP");
		Map<String, Object> server = (Map<String, Object>) ((Map<String, Object>) pipe.get("components"))
			.get("pipeServer");
		assertThat((Map<String, Object>) server.get("details")).containsEntry("name", "orders")
			.containsEntry("address", directory.resolve("orders.sock").toString())
			.containsEntry("transport", "unix")
			.containsEntry("connectionLimit", 200);
	}

	@Test
	@SuppressWarnings("unchecked")
	void pipesEndpointListsTheOrderHandlers() throws Exception {
		Map<String, Object> pipes = (Map<String, Object>) mbeans.invoke(endpoint("Pipes"), "pipes", new Object[0], new String[0]);
		Map<String, Object> server = (Map<String, Object>) ((Map<String, Object>) pipes.get("servers"))
			.get("pipeServer");
		assertThat(server).containsEntry("state", "listening");
		assertThat((List<Map<String, Object>>) server.get("routes")).extracting((route) -> route.get("method"))
			.contains("orders.create", "orders.get", "orders.find", "orders.cancel", "orders.log");
	}

	@Test
	@SuppressWarnings("unchecked")
	void metricsEndpointShowsThePipeMeters() throws Exception {
		try (PipeClient client = PipeClient.builder("orders").directory(directory.toString()).build()) {
			assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> client.call("orders.get", List.of(404), Order.class));
		}
		ObjectName metrics = endpoint("Metrics");
		// The server's observation finishes once the response has been handed to the connection,
		// which the client may read first: the request timer is registered when it finishes.
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<String, Object> names = (Map<String, Object>) mbeans.invoke(metrics, "listNames", new Object[0],
					new String[0]);
			assertThat((Iterable<String>) names.get("names")).contains("pipe.server.requests",
					"pipe.server.connections", "pipe.server.requests.pending", "pipe.server.bytes.received",
					"pipe.server.bytes.sent", "pipe.server.connections.refused", "pipe.server.frame.errors",
					"pipe.server.cancellations");
		});
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<String, Object> requests = (Map<String, Object>) mbeans.invoke(metrics, "metric",
					new Object[] { "pipe.server.requests", List.of("rpc.method:orders.get",
							"rpc.response.status_code:" + OrderHandlers.ORDER_NOT_FOUND) },
					new String[] { String.class.getName(), List.class.getName() });
			assertThat((List<Map<String, Object>>) requests.get("measurements"))
				.filteredOn((measurement) -> "COUNT".equals(String.valueOf(measurement.get("statistic"))))
				.extracting((measurement) -> ((Number) measurement.get("value")).doubleValue())
				.containsExactly(1.0);
		});
	}

	private static ObjectName endpoint(String name) throws Exception {
		Set<ObjectName> names = mbeans.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=" + name
				+ ",*"), null);
		assertThat(names).as("the %s endpoint MBean", name).hasSize(1);
		return names.iterator().next();
	}

}
