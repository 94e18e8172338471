package dev.pipeipc.server;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand concurrent connections to one server with default settings, each sending one request
 * while all are open, and all answered: the selector design serves many connections with a few I/O
 * threads. Functional only; the overall timeout is a generous upper bound, not a measurement.
 */
class ManyConnectionsIntegrationTests {

	private static final int CONNECTIONS = 1000;

	@TempDir
	Path directory;

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void thousandConcurrentConnectionsAreAllServed() throws Exception {
		assertEnoughFileDescriptors();
		List<PipeTestClient> clients = new ArrayList<>(CONNECTIONS);
		try (TestPipeServer server = TestPipeServer.on(this.directory.resolve("many.sock")).name("many").start()) {
			try {
				for (int i = 0; i < CONNECTIONS; i++) {
					clients.add(server.connect());
				}
				for (int i = 0; i < CONNECTIONS; i++) {
					clients.get(i).send(request(i, "echo", "[\"client-" + i + "\"]"));
				}
				for (int i = 0; i < CONNECTIONS; i++) {
					JsonNode reply = clients.get(i).receiveJson();
					assertThat(reply.get("id").asInt()).isEqualTo(i);
					assertThat(reply.get("result").asString()).isEqualTo("client-" + i);
				}
			}
			finally {
				clients.forEach(PipeTestClient::close);
			}
		}
	}

	/**
	 * Client and server ends of every connection live in this JVM: two descriptors per connection.
	 * Nothing is raised here; a lower limit is an environment finding, reported as such.
	 */
	private static void assertEnoughFileDescriptors() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
			assertThat(unix.getMaxFileDescriptorCount())
				.as("open file limit (ulimit -n) for %d connections with both ends in one JVM", CONNECTIONS)
				.isGreaterThanOrEqualTo(2L * CONNECTIONS + 200);
		}
	}

}
