package dev.pipeipc.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Framing;

import static dev.pipeipc.server.PipeTestClient.frame;
import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many threads a server uses, on real Unix sockets: a burst of 1,000 calls that never block,
 * arriving at once, is served by no more worker threads than the pool's parallelism (the number
 * of processors), while 200 calls to a handler that blocks all run at once, each on a thread of
 * its own. Each test prints its figures on one line (see docs/performance.md):
 * {@code mvn -q test -pl pipe-ipc-autoconfigure -Dtest=WorkerThreadsIntegrationTests}.
 */
class WorkerThreadsIntegrationTests {

	private static final int CONNECTIONS = 10;

	private static final int CALLS_PER_CONNECTION = 100;

	private static final int BLOCKING_CALLS = 200;

	@TempDir
	Path directory;

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	@Test
	void aBurstOfCallsThatNeverBlockIsServedByNoMoreWorkersThanTheProcessors() throws IOException {
		TestPipeServer server = this.resources.add(TestPipeServer.on(this.directory.resolve("burst.sock"))
			.name("burst")
			.start());
		int atRest = serverThreads("burst");
		List<PipeTestClient> clients = new ArrayList<>();
		for (int i = 0; i < CONNECTIONS; i++) {
			clients.add(this.resources.add(server.connect()));
			// One call at a time, answered on the I/O thread: the JVM loads and links the classes of
			// a call here, not during the burst, where a first call that takes milliseconds counts as held.
			assertThat(clients.get(i).call(request(0, "echo", "[\"warm\"]")).get("result").asString()).isEqualTo("warm");
		}
		int before = this.threads.getThreadCount();
		this.threads.resetPeakThreadCount();
		for (int i = 0; i < CONNECTIONS; i++) {
			ByteArrayOutputStream calls = new ByteArrayOutputStream();
			for (int id = 0; id < CALLS_PER_CONNECTION; id++) {
				calls.writeBytes(frame(Framing.CONTENT_LENGTH, request(id, "echo", "[\"" + i + "-" + id + "\"]")));
			}
			clients.get(i).sendRaw(calls.toByteArray());
		}
		for (int i = 0; i < CONNECTIONS; i++) {
			Set<String> answers = new HashSet<>();
			for (int id = 0; id < CALLS_PER_CONNECTION; id++) {
				answers.add(clients.get(i).receiveJson().get("result").asString());
			}
			assertThat(answers).hasSize(CALLS_PER_CONNECTION);
		}
		int peakWorkers = server.server().getPeakWorkerThreads();
		System.out.printf("Burst of %d calls that never block (%d connections x %d): server threads at rest %d, "
				+ "peak worker threads %d, peak threads in the JVM +%d%n", CONNECTIONS * CALLS_PER_CONNECTION,
				CONNECTIONS, CALLS_PER_CONNECTION, atRest, peakWorkers, this.threads.getPeakThreadCount() - before);
		assertThat(peakWorkers).isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
	}

	@Test
	void callsToAHandlerThatBlocksAllRunAtOnce() throws Exception {
		Blocking blocking = new Blocking();
		TestPipeServer server = this.resources.add(TestPipeServer.on(this.directory.resolve("blocking.sock"))
			.name("blocking")
			.handlers(blocking)
			.start());
		int atRest = serverThreads("blocking");
		List<PipeTestClient> clients = new ArrayList<>();
		for (int i = 0; i < CONNECTIONS; i++) {
			clients.add(this.resources.add(server.connect()));
		}
		int before = this.threads.getThreadCount();
		this.threads.resetPeakThreadCount();
		for (int i = 0; i < CONNECTIONS; i++) {
			ByteArrayOutputStream calls = new ByteArrayOutputStream();
			for (int id = 0; id < BLOCKING_CALLS / CONNECTIONS; id++) {
				calls.writeBytes(frame(Framing.CONTENT_LENGTH, request(id, "block", null)));
			}
			clients.get(i).sendRaw(calls.toByteArray());
		}
		Awaitility.await("all " + BLOCKING_CALLS + " calls to block at once")
			.atMost(Duration.ofSeconds(30))
			.until(() -> blocking.blocked.get() == BLOCKING_CALLS);
		int peakThreads = this.threads.getPeakThreadCount() - before;
		blocking.release.countDown();
		for (PipeTestClient client : clients) {
			for (int id = 0; id < BLOCKING_CALLS / CONNECTIONS; id++) {
				JsonNode reply = client.receiveJson();
				assertThat(reply.get("result").asString()).isEqualTo("released");
			}
		}
		System.out.printf("%d calls to a handler that blocks: server threads at rest %d, peak worker threads %d, "
				+ "peak threads in the JVM +%d%n", BLOCKING_CALLS, atRest, server.server().getPeakWorkerThreads(),
				peakThreads);
		assertThat(server.server().getPeakWorkerThreads()).isLessThanOrEqualTo(PipeServerSettings.DEFAULT_MAX_THREADS);
	}

	private static int serverThreads(String name) {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("pipe-" + name + "-"))
			.count();
	}

	static class Blocking {

		final AtomicInteger blocked = new AtomicInteger();

		final CountDownLatch release = new CountDownLatch(1);

		@PipeHandler("block")
		String block() throws InterruptedException {
			this.blocked.incrementAndGet();
			this.release.await();
			return "released";
		}

	}

}
