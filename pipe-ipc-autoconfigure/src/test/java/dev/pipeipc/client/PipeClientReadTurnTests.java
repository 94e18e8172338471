package dev.pipeipc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A blocking call on a Unix socket reads its own answer ({@link ReadTurn}): the answer is read
 * on the calling thread; on the way it completes the answers of asynchronous calls and hands on
 * the notifications that come first; a call timing out while its caller waits for bytes returns;
 * and the reader thread takes over again for asynchronous calls and pushes once no caller waits.
 * The first call of a client not yet connected waits for the connection on its own thread, then
 * sends and reads the same way.
 */
class PipeClientReadTurnTests extends SocketClientTestSupport {

	private final PipeClientContractTests.Handlers handlers = new PipeClientContractTests.Handlers();

	private TestPipeServer server;

	@BeforeEach
	void setUp() {
		this.server = startServer("turn", this.handlers);
	}

	@Test
	void blockingCallReadsItsAnswerOnTheCallingThread() {
		// Many fresh clients: connect() returns before the connecting thread publishes the
		// connection, and a call made in that window must still read on its own thread.
		for (int i = 0; i < 30; i++) {
			PipeClient client = client(clientOf(this.server)).connect();
			ReadBy item = client.call("items.get", List.of("tea"), ReadBy.class);
			assertThat(item.name()).isEqualTo("tea");
			assertThat(item.thread()).isEqualTo(Thread.currentThread().getName());
			client.close();
		}
	}

	@Test
	void firstCallOfAClientNotYetConnectedReadsItsAnswerOnTheCallingThread() {
		for (int i = 0; i < 30; i++) {
			PipeClient client = client(clientOf(this.server));
			ReadBy item = client.call("items.get", List.of("tea"), ReadBy.class);
			assertThat(item.thread()).isEqualTo(Thread.currentThread().getName());
			client.close();
		}
	}

	@Test
	void blockingCallCompletesAsynchronousCallsAndHandsOnNotificationsThatComeFirst() throws Exception {
		PipeClient client = client(clientOf(this.server));
		BlockingQueue<JsonNode> progress = new LinkedBlockingQueue<>();
		client.onNotification("progress", progress::add);
		List<CompletableFuture<String>> pending = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			pending.add(client.callAsync("echoLater", List.of("async-" + i), String.class));
		}
		assertThat(client.call("work", List.of(50), String.class)).isEqualTo("done");
		for (int i = 0; i < pending.size(); i++) {
			assertThat(pending.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("async-" + i);
		}
		for (int step = 1; step <= 50; step++) {
			assertThat(progress.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
		}
	}

	@Test
	void asynchronousCallsAndPushesAfterBlockingCallsAreReadByTheReaderThread() throws Exception {
		PipeClient client = client(clientOf(this.server));
		BlockingQueue<JsonNode> progress = new LinkedBlockingQueue<>();
		client.onNotification("progress", progress::add);
		for (int i = 0; i < 10; i++) {
			assertThat(client.call("add", List.of(i, 1), Integer.class)).isEqualTo(i + 1);
		}
		assertThat(client.callAsync("add", List.of(2, 3), Integer.class).get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo(5);
		CompletableFuture<String> work = client.callAsync("work", List.of(3), String.class);
		assertThat(work.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done");
		for (int step = 1; step <= 3; step++) {
			assertThat(progress.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
		}
	}

	@Test
	void blockingCallTimesOutWhileItsCallerWaitsForBytes() {
		PipeClient client = client(clientOf(this.server).requestTimeout(Duration.ofMillis(300))).connect();
		assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(() -> client.call("hold", null, String.class));
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void blockingCallsOfFreshClientsTimeOutWhateverMomentTheTimeoutComes() {
		// Short timeouts on new clients: the timeout fires while the caller connects, sends, takes
		// the turn or starts waiting for bytes; in each case the call must end, never wait on.
		assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
			for (int i = 0; i < 40; i++) {
				PipeClient client = client(clientOf(this.server).requestTimeout(Duration.ofMillis(1 + i % 20)));
				assertThatExceptionOfType(PipeTimeoutException.class)
					.isThrownBy(() -> client.call("hold", null, String.class));
				client.close();
			}
		});
	}

	@Test
	void blockingCallersOnSeveralThreadsTakeTurnsReading() throws Exception {
		PipeClient client = client(clientOf(this.server));
		List<CompletableFuture<List<String>>> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int thread = t;
			threads.add(CompletableFuture.supplyAsync(() -> {
				List<String> answers = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					answers.add(client.call("echoLater", List.of(thread + "-" + i), String.class));
				}
				return answers;
			}, (task) -> new Thread(task, "caller-" + thread).start()));
		}
		for (int t = 0; t < threads.size(); t++) {
			List<String> answers = threads.get(t).get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
			for (int i = 0; i < 50; i++) {
				assertThat(answers.get(i)).isEqualTo(t + "-" + i);
			}
		}
	}

	/**
	 * An item that notes which thread read it.
	 */
	record ReadBy(String name, int quantity, String thread) {

		@JsonCreator
		ReadBy(@JsonProperty("name") String name, @JsonProperty("quantity") int quantity) {
			this(name, quantity, Thread.currentThread().getName());
		}

	}

}
