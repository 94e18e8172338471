package dev.pipeipc.sample.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeConnectException;
import dev.pipeipc.sample.ProcessStatsHandler.ProcessStats;
import dev.pipeipc.sample.cli.SoakRun.Interval;

import static dev.pipeipc.sample.cli.CliArguments.MAPPER;

/**
 * The {@code soak} command of the sample app's jar: a chosen load for a chosen time against a
 * running sample app, reported interval by interval (answers, errors, latency percentiles, and the
 * server's heap, resident memory, descriptors and threads, sampled through its {@code bench.stats}
 * method), so that drift and growth show. With {@code --check} growth past documented limits fails
 * the run, as the short soak in CI does.
 * <pre>
 * java -jar sample-app-0.1.0-SNAPSHOT.jar soak orders --clients 8 --pipeline 4 --duration 3600 --interval 60
 * </pre>
 */
public final class PipeSoak {

	/** The first argument of the jar that selects this command. */
	public static final String COMMAND = "soak";

	/** Exit code: growth past a limit of {@code --check}. */
	public static final int GREW = 5;

	/** Limit of {@code --check}: more open descriptors in the server. */
	static final long DESCRIPTOR_GROWTH_LIMIT = 10;

	/** Limit of {@code --check}: more live threads in the server. */
	static final long THREAD_GROWTH_LIMIT = 10;

	/** Limit of {@code --check}: more heap in use in the server after a full collection, in MiB. */
	static final long HEAP_GROWTH_LIMIT_MIB = 16;

	/** Limit of {@code --check}: more resident memory in the server, in MiB. */
	static final long RESIDENT_GROWTH_LIMIT_MIB = 64;

	/** The help text. */
	public static final String USAGE_TEXT = """
			Usage: java -jar sample-app-0.1.0-SNAPSHOT.jar soak [options] <pipe>

			Keeps calling bench.echo on the sample app serving <pipe> for a long time and
			reports, interval by interval, the calls answered, errors, latency (p50, p99, max)
			and the server's heap, resident memory, open descriptors and threads, which it
			reads by calling bench.stats on a connection of its own (the sample app serves it
			when started with --orders.bench.stats.enabled=true).

			  <pipe>  pipe name: the socket <directory>/<name>.sock; a name containing '/' is
			          the socket path itself

			  --clients <n>         connections (default 4)
			  --pipeline <depth>    calls in flight on each (default 4)
			  --payload <bytes>     size of the string each call sends (default 100)
			  --duration <seconds>  how long to measure (default 600)
			  --interval <seconds>  length of a reported interval (default 10)
			  --warmup <seconds>    calls first, not reported (default 5)
			  --timeout <seconds>   a call waiting longer fails as a timeout (default 10)
			  --framing <framing>   content-length (default), length-prefix or newline
			  --directory <dir>     directory of the socket
			  --no-gc               sample the server's heap without a full collection first
			  --check               fail (exit 5) when the server grew from the end of the
			                        first interval to the end of the last by more than 10
			                        descriptors, 10 threads, 16 MiB of heap after a full
			                        collection or 64 MiB of resident memory
			  --json                print the report as one JSON object
			  -h, --help            print this help

			Latency in microseconds. Exit codes: 0 no errors (and no growth with --check),
			2 some error answers, 3 cannot connect, 4 some calls not answered (timeout or
			connection lost), 5 growth past a limit, 1 other failure, 64 bad usage.
			""";

	private PipeSoak() {
	}

	/**
	 * Run the command in this process.
	 * @param args the arguments after {@code soak}
	 * @return the exit code
	 */
	public static int execute(String[] args) {
		return CliArguments.execute(PipeSoak::run, args);
	}

	/**
	 * Run the command.
	 * @param args the arguments after {@code soak}
	 * @param out receives the report (or the help text)
	 * @param err receives the intervals as they end, and errors
	 * @return the exit code
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		return CliArguments.parseAndRun(COMMAND, USAGE_TEXT, args, SoakSettings::parse, out, err, PipeSoak::soak);
	}

	private static int soak(SoakSettings settings, PrintStream out, PrintStream err) {
		String address;
		try (PipeClient probe = PipeClient.builder(settings.pipe()).directory(settings.directory()).build()) {
			address = probe.getAddress();
		}
		catch (IllegalArgumentException ex) {
			err.println("soak: " + ex.getMessage());
			return PipeCall.USAGE;
		}
		SoakRun.Result result;
		try {
			result = new SoakRun(settings, MAPPER, err).run();
		}
		catch (PipeConnectException ex) {
			err.println(CliArguments.connectFailure(COMMAND, settings.pipe(), address, ex));
			return PipeCall.CONNECT_FAILED;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			err.println("soak: interrupted");
			return PipeCall.FAILED;
		}
		catch (RuntimeException ex) {
			err.println("soak: " + ex);
			return PipeCall.FAILED;
		}
		List<String> growth = settings.check() ? growth(result) : List.of();
		if (settings.json()) {
			out.println(MAPPER.writeValueAsString(json(settings, address, result, growth)));
		}
		else {
			out.print(text(settings, address, result, growth));
		}
		out.flush();
		Map<String, Long> errors = result.errors();
		if (errors.containsKey(SoakRun.TIMEOUT) || errors.containsKey(SoakRun.CONNECTION_LOST)) {
			return PipeCall.NO_ANSWER;
		}
		if (!errors.isEmpty()) {
			return PipeCall.RPC_ERROR;
		}
		return growth.isEmpty() ? PipeCall.OK : GREW;
	}

	/**
	 * The limits the server went past, from the end of the first interval to the end of the last,
	 * each a sentence; a server that could not be sampled counts as past them.
	 */
	static List<String> growth(SoakRun.Result result) {
		List<Interval> intervals = result.intervals();
		List<String> growth = new ArrayList<>();
		ProcessStats first = intervals.get(0).server().stats();
		ProcessStats last = intervals.get(intervals.size() - 1).server().stats();
		if (first == null || last == null) {
			growth.add("the server could not be sampled at the end of the first or the last interval");
			return growth;
		}
		check(growth, "open descriptors", first.openDescriptors(), last.openDescriptors(), DESCRIPTOR_GROWTH_LIMIT, 1);
		check(growth, "threads", first.threads(), last.threads(), THREAD_GROWTH_LIMIT, 1);
		check(growth, "heap in use (MiB)", first.heapUsedBytes(), last.heapUsedBytes(), HEAP_GROWTH_LIMIT_MIB, 1 << 20);
		check(growth, "resident memory (MiB)", first.residentBytes(), last.residentBytes(), RESIDENT_GROWTH_LIMIT_MIB,
				1 << 20);
		return growth;
	}

	private static void check(List<String> growth, String what, long first, long last, long limit, long unit) {
		if (first >= 0 && last >= 0 && last - first > limit * unit) {
			growth.add(String.format(Locale.ROOT, "%s grew from %d to %d, more than the limit of %d", what,
					first / unit, last / unit, limit));
		}
	}

	static String text(SoakSettings settings, String address, SoakRun.Result result, List<String> growth) {
		StringBuilder text = new StringBuilder();
		text.append(String.format(Locale.ROOT,
				"Soak of %s: %d clients x %d in flight, bench.echo with %d bytes, %d s in intervals of %d s%n",
				address, settings.clients(), settings.pipeline(), settings.payloadBytes(),
				settings.duration().toSeconds(), settings.interval().toSeconds()));
		text.append(String.format(Locale.ROOT, "%8s %10s %7s %9s %9s %9s %9s %9s %6s %8s%n", "time", "answered",
				"errors", "p50 µs", "p99 µs", "max µs", "heap MiB", "RSS MiB", "fds", "threads"));
		text.append(row("start", -1, -1, -1, -1, -1, result.before().stats()));
		for (Interval interval : result.intervals()) {
			text.append(row(String.format(Locale.ROOT, "%.0f s", interval.seconds()), interval.answered(),
					interval.failed(), interval.p50Nanos() / 1000, interval.p99Nanos() / 1000,
					interval.maxNanos() / 1000, interval.server().stats()));
		}
		Map<String, Long> errors = result.errors();
		text.append("Errors: ").append(errors.isEmpty() ? "none" : errors).append(System.lineSeparator());
		if (settings.check()) {
			text.append("Growth: ").append(growth.isEmpty() ? "within the limits" : String.join("; ", growth))
				.append(System.lineSeparator());
		}
		return text.toString();
	}

	private static String row(String time, long answered, long errors, long p50, long p99, long max,
			@Nullable ProcessStats stats) {
		return String.format(Locale.ROOT, "%8s %10s %7s %9s %9s %9s %9s %9s %6s %8s%n", time, figure(answered),
				figure(errors), figure(p50), figure(p99), figure(max),
				(stats != null) ? String.format(Locale.ROOT, "%.1f", stats.heapUsedBytes() / 1048576.0) : "?",
				(stats != null && stats.residentBytes() >= 0)
						? String.format(Locale.ROOT, "%.1f", stats.residentBytes() / 1048576.0) : "?",
				(stats != null) ? figure(stats.openDescriptors()) : "?", (stats != null) ? figure(stats.threads()) : "?");
	}

	private static String figure(long value) {
		return (value >= 0) ? Long.toString(value) : "-";
	}

	static Map<String, Object> json(SoakSettings settings, String address, SoakRun.Result result, List<String> growth) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("address", address);
		json.put("clients", settings.clients());
		json.put("pipeline", settings.pipeline());
		json.put("payloadBytes", settings.payloadBytes());
		json.put("durationSeconds", settings.duration().toMillis() / 1000.0);
		json.put("intervalSeconds", settings.interval().toMillis() / 1000.0);
		json.put("start", result.before());
		json.put("intervals", result.intervals());
		json.put("errors", result.errors());
		if (settings.check()) {
			json.put("growth", growth);
		}
		return json;
	}

}
