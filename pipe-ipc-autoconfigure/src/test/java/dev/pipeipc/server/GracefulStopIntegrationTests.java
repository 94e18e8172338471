package dev.pipeipc.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.pipeipc.server.ShutdownCallingClient.Ending;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A graceful {@link PipeServer#stop()} while 16 clients call {@code echo} in tight loops over
 * real Unix sockets, round after round. Before the server shut the input of its connections first,
 * every client's last request was read and never answered: all 16 read a silent end of stream.
 * Later, with the input shut through the JDK (which reads nothing afterwards), a request written
 * between the server's last read and the shutdown was still lost: 18 of 16,000 loops.
 * <p>
 * Now the read side is shut at the socket first and what it holds is read afterwards, so the
 * invariant holds exactly on Linux: every request a client wrote whole got an answer (its result, or
 * {@code -32000} with its id), and every loop ends on a write that failed. More rounds than the
 * build runs, with the tally printed:
 * {@code mvn -B test -pl pipe-ipc-autoconfigure -Dtest=GracefulStopIntegrationTests -Dpipe.shutdown.rounds=1000}.
 */
class GracefulStopIntegrationTests {

	private static final int CLIENTS = 16;

	@TempDir
	Path directory;

	@Test
	void everyRequestWrittenWholeIsAnsweredWithItsIdAndEveryLoopEndsOnAFailedWrite()
			throws Exception {
		int rounds = Integer.getInteger("pipe.shutdown.rounds", 20);
		Map<Ending, Integer> tally = new EnumMap<>(Ending.class);
		int refusals = 0;
		for (int round = 0; round < rounds; round++) {
			for (ShutdownCallingClient client : stopWhileClientsCall(this.directory.resolve("stop-" + round + ".sock"))) {
				assertThat(client.ending()).as("round " + round + ", " + client).isNotNull()
					.isNotEqualTo(Ending.WRONG_REPLY);
				tally.merge(client.ending(), 1, Integer::sum);
				refusals += client.refusals();
			}
		}
		System.out.println("Graceful stop, " + rounds + " rounds of " + CLIENTS + " clients: " + tally + ", "
				+ refusals + " request(s) answered with -32000");
		if (OS.LINUX.isCurrentOs()) {
			assertThat(tally).as("how the loops ended").containsOnlyKeys(Ending.WRITE_FAILED);
		}
		else {
			// Without Linux's shutdown of the read side that still lets the server read, a request
			// written at the cut-off may go unread (docs/security.md): most loops still end on a
			// failed write.
			assertThat(tally.getOrDefault(Ending.WRITE_FAILED, 0) * 2).as("loops ending on a failed write: " + tally)
				.isGreaterThan(rounds * CLIENTS);
		}
		assertThat(refusals).as("requests answered with -32000 while the server stopped").isPositive();
	}

	private List<ShutdownCallingClient> stopWhileClientsCall(Path socket) throws Exception {
		try (TestPipeServer server = TestPipeServer.on(socket).name("stopping")
			.with((builder) -> builder.shutdownGracePeriod(Duration.ofSeconds(5)))
			.start()) {
			CountDownLatch warmedUp = new CountDownLatch(CLIENTS);
			List<ShutdownCallingClient> clients = new ArrayList<>();
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				ShutdownCallingClient client = new ShutdownCallingClient(socket, i, warmedUp);
				clients.add(client);
				Thread thread = new Thread(client, "calling-client-" + i);
				thread.setDaemon(true);
				threads.add(thread);
				thread.start();
			}
			assertThat(warmedUp.await(30, TimeUnit.SECONDS)).as("every client called 20 times").isTrue();
			server.stop();
			for (Thread thread : threads) {
				thread.join(TimeUnit.SECONDS.toMillis(30));
				assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
			}
			return clients;
		}
	}

}
