package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.core.ParameterizedTypeReference;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.reactive.ReactivePipeClient;

/**
 * The stream benchmark: a number of small records (about 100 bytes of JSON each) from a server to
 * this process, three ways. The floor sends them over a plain Unix socket with no JSON library
 * ({@link StreamFloorServer}); pipe-ipc sends them as a stream the client pulls, and as one array
 * result. Each way runs once per round, in an order that rotates every round, and the report gives
 * medians and the client's heap (see {@link StreamRun}).
 */
final class StreamBenchmark {

	/** The name of this part of the benchmark in {@code --only}. */
	static final String ID = "streams";

	private static final ParameterizedTypeReference<List<StreamItem>> ITEM_LIST = new ParameterizedTypeReference<>() {
	};

	/** The records are read whole by the array result: room for 1,000,000 and more. */
	private static final int MAX_MESSAGE_SIZE = 512 << 20;

	private final long count;

	private final int rounds;

	private final Path work;

	private final String echoPipeJar;

	private final List<ServerProcess> servers = new ArrayList<>();

	StreamBenchmark(long count, int rounds, Path work, String echoPipeJar) {
		this.count = count;
		this.rounds = rounds;
		this.work = work;
		this.echoPipeJar = echoPipeJar;
	}

	/**
	 * Runs the rounds and returns the report's Markdown section.
	 */
	String run() throws Exception {
		Path floorSocket = this.work.resolve("stream-floor.sock");
		Path directory = this.work.resolve("stream-pipes");
		Files.createDirectories(directory);
		try {
			start("stream-floor", List.of("-cp", System.getProperty("java.class.path"),
					StreamFloorServer.class.getName(), floorSocket.toString()));
			start("stream-pipe-ipc", List.of("-jar", this.echoPipeJar, "--pipe.server.directory=" + directory,
					"--pipe.servers.raw.directory=" + directory, "--pipe.server.max-message-size=" + MAX_MESSAGE_SIZE));
			try (PipeClient client = PipeClient.builder(directory.resolve("bench-json.sock").toString())
				.maxMessageSize(MAX_MESSAGE_SIZE)
				.requestTimeout(Duration.ofMinutes(5))
				.build()) {
				Map<String, StreamRun.Transfer> transfers = new LinkedHashMap<>();
				transfers.put("floor (raw JDK, one record per line)", (n, received) -> floor(floorSocket, n, received));
				transfers.put("pipe-ipc stream (`Stream<Item>` handler, `PipeClient.stream`)",
						(n, received) -> stream(client, n, received));
				transfers.put("pipe-ipc stream as a Flux (`ReactivePipeClient.stream`)",
						(n, received) -> flux(client, n, received));
				transfers.put("pipe-ipc array result (`List<Item>` handler, `PipeClient.call`)",
						(n, received) -> array(client, n, received));
				return measure(transfers);
			}
		}
		finally {
			this.servers.forEach(ServerProcess::close);
		}
	}

	private String measure(Map<String, StreamRun.Transfer> transfers) throws Exception {
		long warmup = Math.min(this.count, 100_000);
		for (Map.Entry<String, StreamRun.Transfer> transfer : transfers.entrySet()) {
			ComparisonBenchmark.progress("Warming up " + transfer.getKey() + " with " + warmup + " records");
			StreamRun.measure(transfer.getValue(), warmup);
		}
		Map<String, List<StreamRun>> runs = new LinkedHashMap<>();
		transfers.keySet().forEach((title) -> runs.put(title, new ArrayList<>()));
		for (int round = 0; round < this.rounds; round++) {
			List<String> order = new ArrayList<>(transfers.keySet());
			Collections.rotate(order, -round);
			ComparisonBenchmark.progress("Stream round " + (round + 1) + " of " + this.rounds);
			for (String title : order) {
				StreamRun run = StreamRun.measure(transfers.get(title), this.count);
				runs.get(title).add(run);
				ComparisonBenchmark.progress(String.format(
						"  %-50s %,12.0f records/s %8.1f MB/s  heap %s -> %s, peak %s", title, run.itemsPerSecond(),
						run.megabytesPerSecond(), mebibytes(run.heapStart()), mebibytes(run.heapEnd()),
						mebibytes(run.heapPeak())));
			}
		}
		return render(runs);
	}

	private String render(Map<String, List<StreamRun>> runs) {
		long bytes = StreamItem.bytes(this.count);
		StringBuilder out = new StringBuilder();
		out.append("\n## Streams\n\n")
			.append(String.format("%,d records of %.1f bytes of JSON on average (%.1f MB) from a server process to"
					+ " this one; medians of %d rounds, each way once per round in rotating order, after a warm-up"
					+ " of each. MB/s counts the records' JSON bytes, 10^6 bytes per MB. Client heap: live after"
					+ " a full collection before the request and after the last record (while the client still"
					+ " holds what it kept), and the most in use (live or not) sampled every 5 ms; largest of"
					+ " the rounds.\n\n", this.count, (double) bytes / this.count, bytes / 1e6, this.rounds))
			.append("| Way | records/s | MB/s | of the floor's MB/s | client heap at start | at end | peak in use |\n")
			.append("|---|---:|---:|---:|---:|---:|---:|\n");
		double floor = median(runs.values().iterator().next(), StreamRun::megabytesPerSecond);
		for (Map.Entry<String, List<StreamRun>> entry : runs.entrySet()) {
			List<StreamRun> list = entry.getValue();
			double megabytes = median(list, StreamRun::megabytesPerSecond);
			out.append(String.format("| %s | %,.0f | %.1f | %.2f× | %s | %s | %s |\n", entry.getKey(),
					median(list, StreamRun::itemsPerSecond), megabytes, megabytes / floor,
					mebibytes(list.stream().mapToLong(StreamRun::heapStart).max().orElse(0)),
					mebibytes(list.stream().mapToLong(StreamRun::heapEnd).max().orElse(0)),
					mebibytes(list.stream().mapToLong(StreamRun::heapPeak).max().orElse(0))));
		}
		out.append("\nMB/s of every round:\n\n");
		runs.forEach((title, list) -> out.append("- ").append(title).append(": ")
			.append(String.join(", ", list.stream().map((run) -> String.format("%.1f", run.megabytesPerSecond())).toList()))
			.append("\n"));
		return out.toString();
	}

	private static double median(List<StreamRun> runs, java.util.function.ToDoubleFunction<StreamRun> value) {
		return Results.median(runs.stream().map(value::applyAsDouble).toList());
	}

	private static String mebibytes(long bytes) {
		return String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
	}

	private void start(String name, List<String> arguments) throws IOException {
		ServerProcess server = ServerProcess.start(name, arguments, this.work.resolve(name + ".log"));
		this.servers.add(server);
		ComparisonBenchmark.progress("Started " + name + " in " + server.startup().toMillis() + " ms");
	}

	/**
	 * The floor: asks for {@code count} records and reads until the server closes, counting lines.
	 */
	private static long floor(Path socket, long count, Runnable received) throws IOException {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(socket));
			EchoConnection.send(channel, ByteBuffer.wrap((count + "\n").getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
			long lines = 0;
			long total = 0;
			int read;
			while ((read = channel.read(buffer)) >= 0) {
				byte[] bytes = buffer.array();
				for (int i = 0; i < read; i++) {
					if (bytes[i] == '\n') {
						lines++;
					}
				}
				total += read;
				buffer.clear();
			}
			received.run();
			if (total != StreamItem.bytes(count) + count) {
				throw new IOException("The floor sent " + total + " bytes for " + count + " records, expected "
						+ (StreamItem.bytes(count) + count) + ".");
			}
			return lines;
		}
	}

	private static long stream(PipeClient client, long count, Runnable received) {
		long items = 0;
		long last = -1;
		try (Stream<StreamItem> stream = client.stream("bench.itemStream", List.of(count), StreamItem.class)) {
			Iterator<StreamItem> values = stream.iterator();
			while (values.hasNext()) {
				last = values.next().id();
				items++;
			}
			received.run();
		}
		return checkLast(items, last);
	}

	private static long flux(PipeClient client, long count, Runnable received) {
		long[] last = { -1 };
		Long items = ReactivePipeClient.create(client)
			.stream("bench.itemStream", List.of(count), StreamItem.class)
			.doOnNext((item) -> last[0] = item.id())
			.count()
			.doOnSuccess((ignored) -> received.run())
			.block();
		return checkLast((items != null) ? items : 0, last[0]);
	}

	private static long checkLast(long items, long last) {
		if (items > 0 && last != items - 1) {
			throw new IllegalStateException("The last of " + items + " records was number " + last + ".");
		}
		return items;
	}

	private static long array(PipeClient client, long count, Runnable received) {
		List<StreamItem> items = client.call("bench.items", List.of(count), ITEM_LIST);
		received.run();
		return (items != null) ? items.size() : 0;
	}

}
