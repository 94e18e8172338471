package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an idle connection costs a server: its heap, its memory outside the heap, and the threads
 * the server has with all of them open.
 */
final class IdleConnections {

	private IdleConnections() {
	}

	/**
	 * Memory per idle connection, as the difference between half and all of the connections open
	 * (each used once), so that pools and caches filled by the first ones do not count.
	 */
	static void measure(Contender contender, int count, Results results)
			throws IOException, InterruptedException {
		ServerProcess server = contender.server();
		Payload payload = Payload.ofSize(16);
		int half = count / 2;
		List<EchoConnection> connections = new ArrayList<>(count);
		try {
			openIdle(contender, payload, half, connections);
			ServerProcess.Memory before = server.settledMemory();
			openIdle(contender, payload, count - half, connections);
			ServerProcess.Memory after = server.settledMemory();
			int added = count - half;
			double heap = (after.liveHeap() - before.liveHeap()) / 1024.0 / added;
			double outside = (after.outsideHeap() - before.outsideHeap()) / 1024.0 / added;
			results.add(Metric.IDLE_HEAP, contender.id(), heap);
			results.add(Metric.IDLE_NATIVE, contender.id(), outside);
			results.add(Metric.IDLE_RSS_TOTAL, contender.id(), after.resident() / 1024.0 / 1024.0);
			results.add(Metric.THREADS_IDLE, contender.id(), server.threads());
			ComparisonBenchmark.progress(String.format("  %-28s %d idle connections: %.1f KiB heap and %.1f KiB outside it each, RSS %.0f MiB",
					contender.title(), count, heap, outside, after.resident() / 1024.0 / 1024.0));
		}
		finally {
			connections.forEach(LoadRun::closeQuietly);
		}
	}

	private static void openIdle(Contender contender, Payload payload, int count, List<EchoConnection> connections)
			throws IOException {
		for (int i = 0; i < count; i++) {
			EchoConnection connection = contender.connections().open(payload);
			connections.add(connection);
			connection.echo();
		}
	}

}
