package dev.pipeipc.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.jsonrpc.PipeProgress;
import dev.pipeipc.sample.BulkOrderHandlers.Placed;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code orders.placeMany} reports its progress to a caller that passes a listener, and works the
 * same for one that passes none.
 */
@SpringBootTest(classes = OrdersApplication.class)
@DirtiesContext
class OrderProgressTests {

	private static final Path SOCKET = TestSockets.socketPath("pipe-progress");

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		registry.add("pipe.server.name", SOCKET::toString);
	}

	@Test
	void progressReachesTheCallerBeforeTheAnswer() {
		List<Placed> reports = new CopyOnWriteArrayList<>();
		try (PipeClient client = PipeClient.builder(SOCKET.toString()).requestTimeout(Duration.ofSeconds(10)).build()) {
			Order[] placed = client.call("orders.placeMany",
					Map.of("item", "tea", "count", 3, "progress", PipeProgress.listener(Placed.class, reports::add)),
					Order[].class);

			assertThat(placed).hasSize(3);
			assertThat(reports).as("the newest report is always sent, older ones may be coalesced")
				.isNotEmpty()
				.last()
				.isEqualTo(new Placed(3, 3));
		}
	}

	@Test
	void callerWithoutAListenerGetsTheAnswerOnly() {
		try (PipeClient client = PipeClient.builder(SOCKET.toString()).requestTimeout(Duration.ofSeconds(10)).build()) {
			Order[] placed = client.call("orders.placeMany", Map.of("item", "tea", "count", 2), Order[].class);

			assertThat(placed).extracting(Order::item).containsExactly("tea", "tea");
		}
	}

}
