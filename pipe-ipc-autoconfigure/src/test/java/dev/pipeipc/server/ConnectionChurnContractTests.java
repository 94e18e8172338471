package dev.pipeipc.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeTransport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection churn: in each round a number of clients connect (all open at once), each calls
 * {@code echo} and all disconnect; after the last round the process holds no more descriptors,
 * threads or heap than after the first. Written once, run per transport by a subclass.
 * <p>
 * It runs only when asked, with {@code -Dpipe.churn.rounds=N} (and {@code -Dpipe.churn.clients=N},
 * else {@value #DEFAULT_CLIENTS}), because of its length; CI runs 100
 * rounds of 1,000 clients (see docs/security.md for the command and the figures measured). What is
 * measured, after a warm-up round and again after the last round, once the server has seen every
 * connection close:
 * <ul>
 * <li>open descriptors of this JVM ({@code /proc/self/fd}), client and server ends alike: at most
 * {@value #DESCRIPTOR_TOLERANCE} more, for what the JVM opens on its own (a jar file read by late
 * class loading); one descriptor leaked per connection would show as tens of thousands, one per
 * round as the number of rounds;</li>
 * <li>live threads other than the worker pool's, which must not grow at all, and the pool's, which
 * stay within its maximum and are all gone once the pool's keep-alive (shortened to 2 seconds here) has passed;</li>
 * <li>heap in use after a full collection: at most {@value #HEAP_TOLERANCE_MIB} MiB more, which
 * 100,000 connections would exceed if each left as little as 90 bytes behind.</li>
 * </ul>
 * Waiting polls on the test's own thread, so that no thread of the test's making is counted. The
 * figures of each run are printed on one line.
 */
public abstract class ConnectionChurnContractTests {

	static final int DEFAULT_CLIENTS = 1000;

	static final int DESCRIPTOR_TOLERANCE = 10;

	static final int HEAP_TOLERANCE_MIB = 8;

	/** The server's worker keep-alive, short so that the check that workers end does not wait a minute. */
	private static final Duration WORKER_KEEP_ALIVE = Duration.ofSeconds(2);

	private static final Duration WORKER_KEEP_ALIVE_AND_MARGIN = WORKER_KEEP_ALIVE.plusSeconds(30);

	private static final Duration HEAP_SETTLE_TIME = Duration.ofSeconds(90);

	private static final int MAX_THREADS = 16;

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	/**
	 * The transport under test.
	 * @return the transport
	 */
	protected abstract PipeTransport transport();

	/**
	 * A fresh, unused address on this transport.
	 * @return the address
	 */
	protected abstract String newAddress();

	/**
	 * Connect a client to an address.
	 * @param address the address
	 * @return the connected client
	 * @throws IOException if the connection fails
	 */
	protected abstract PipeTestClient connect(String address) throws IOException;

	@Test
	@EnabledIfSystemProperty(named = "pipe.churn.rounds", matches = "[1-9][0-9]*",
			disabledReason = "long-running: run with -Dpipe.churn.rounds=N")
	void clientsThatConnectCallAndDisconnectInRoundsLeaveNoDescriptorThreadOrHeapBehind() throws Exception {
		int rounds = Integer.getInteger("pipe.churn.rounds");
		int clients = Integer.getInteger("pipe.churn.clients", DEFAULT_CLIENTS);
		String name = "churn-" + UUID.randomUUID().toString().substring(0, 8);
		String address = newAddress();
		TestPipeServer server = this.resources.add(TestPipeServer.on(address, transport())
			.name(name)
			.maxThreads(MAX_THREADS)
			.with((builder) -> builder.workerKeepAlive(WORKER_KEEP_ALIVE))
			.start());
		Pattern workers = Pattern.compile("pipe-" + Pattern.quote(name) + "-\\d+");
		round(server, address, clients, 0);
		Footprint first = Footprint.measure(workers);
		long start = System.nanoTime();
		for (int round = 1; round < rounds; round++) {
			round(server, address, clients, round);
			assertThat(Footprint.countThreads(workers, true)).as("worker threads after round %d", round)
				.isLessThanOrEqualTo(MAX_THREADS);
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		Footprint last = Footprint.measure(workers);
		long settleStart = System.nanoTime();
		Awaitility.await("worker threads to end after the pool's keep-alive")
			.atMost(WORKER_KEEP_ALIVE_AND_MARGIN)
			.pollInterval(Duration.ofMillis(500))
			.pollInSameThread()
			.until(() -> Footprint.countThreads(workers, true) == 0);
		// Right after the workers end, the heap after GC was seen up to 14 MiB above the first
		// measurement, and back within the tolerance seconds later (the test used to wait a minute
		// for the default keep-alive before measuring): poll until it is, up to 90 seconds.
		Awaitility.await("heap in use after GC to come back within the tolerance")
			.atMost(HEAP_SETTLE_TIME)
			.pollInterval(Duration.ofSeconds(1))
			.pollInSameThread()
			.untilAsserted(() -> assertThat(Footprint.measure(workers).heapKib()).as("heap in use after GC, KiB")
				.isLessThanOrEqualTo(first.heapKib() + HEAP_TOLERANCE_MIB * 1024L));
		Footprint settled = Footprint.measure(workers);
		long settleMillis = Duration.ofNanos(System.nanoTime() - settleStart).toMillis();
		System.out.printf("Connection churn on %s, %d rounds of %d clients in %d ms: descriptors %d -> %d, "
				+ "threads besides workers %d -> %d, workers %d -> %d -> %d after keep-alive, heap after GC %d KiB -> %d KiB, settled in %d ms%n",
				transport().getClass().getSimpleName(), rounds, clients, elapsed.toMillis(), first.descriptors(),
				settled.descriptors(), first.otherThreads(), settled.otherThreads(), first.workerThreads(),
				last.workerThreads(), settled.workerThreads(), first.heapKib(), settled.heapKib(), settleMillis);
		if (first.descriptors() >= 0) {
			assertThat(settled.descriptors()).as("open descriptors").isLessThanOrEqualTo(first.descriptors() + DESCRIPTOR_TOLERANCE);
		}
		assertThat(settled.otherThreads()).as("threads besides the worker pool").isLessThanOrEqualTo(first.otherThreads());
		assertThat(settled.heapKib()).as("heap in use after GC, KiB").isLessThanOrEqualTo(first.heapKib() + HEAP_TOLERANCE_MIB * 1024L);
		assertThat(server.server().getOpenConnections()).isZero();
	}

	private void round(TestPipeServer server, String address, int clients, int round) throws IOException {
		List<PipeTestClient> open = new ArrayList<>(clients);
		try {
			for (int i = 0; i < clients; i++) {
				open.add(connect(address));
			}
			for (int i = 0; i < clients; i++) {
				open.get(i).send(PipeTestClient.request(i, "echo", "[\"" + round + "-" + i + "\"]"));
			}
			for (int i = 0; i < clients; i++) {
				JsonNode reply = open.get(i).receiveJson();
				assertThat(reply.get("result").asString()).isEqualTo(round + "-" + i);
			}
		}
		finally {
			open.forEach(PipeTestClient::close);
		}
		Awaitility.await("the server to see round " + round + "'s connections close")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(10))
			.pollInSameThread()
			.until(() -> server.server().getOpenConnections() == 0);
	}

	/**
	 * What the process holds at one moment.
	 *
	 * @param descriptors open file descriptors, or {@code -1} where {@code /proc/self/fd} is missing
	 * @param otherThreads live threads other than the server's workers
	 * @param workerThreads live worker threads of the server
	 * @param heapKib heap in use after a full collection
	 */
	record Footprint(long descriptors, int otherThreads, int workerThreads, long heapKib) {

		static Footprint measure(Pattern workers) throws IOException {
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			// Two collections: the first may leave objects with finalizers or cleaners for the second.
			memory.gc();
			memory.gc();
			long heapKib = memory.getHeapMemoryUsage().getUsed() / 1024;
			return new Footprint(countDescriptors(), countThreads(workers, false), countThreads(workers, true), heapKib);
		}

		static int countThreads(Pattern workers, boolean matching) {
			return (int) Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> thread.isAlive() && workers.matcher(thread.getName()).matches() == matching)
				.count();
		}

		private static long countDescriptors() throws IOException {
			Path fds = Path.of("/proc/self/fd");
			if (!Files.isDirectory(fds)) {
				return -1;
			}
			try (Stream<Path> entries = Files.list(fds)) {
				return entries.count();
			}
		}

	}

}
