package dev.pipeipc.sample.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeConnectException;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.sample.cli.CliArguments.UsageException;

import static dev.pipeipc.sample.cli.CliArguments.MAPPER;

/**
 * The {@code bench} command of the sample app's jar: a load generator in the manner of
 * {@code redis-benchmark} and {@code pgbench}. It opens {@code --clients} connections to a pipe,
 * keeps {@code --pipeline} calls in flight on each, and reports throughput and latency
 * percentiles, without starting Spring or a pipe server.
 * <pre>
 * java -jar sample-app-0.1.0-SNAPSHOT.jar bench orders --method bench.echo --payload 100 --clients 16
 * </pre>
 * Progress goes to standard error about once a second, the report to standard output (as text, or
 * one JSON object with {@code --json}). Exit codes: {@value #OK} every measured call answered with
 * a result, {@value #RPC_ERROR} some answered with an error, {@value #CONNECT_FAILED} no connection,
 * {@value #NO_ANSWER} some calls got no answer (timeout or connection lost), {@value #FAILED}
 * anything else, {@value #USAGE} bad usage; the report is printed whenever the run took place.
 */
public final class PipeBench {

	/** The first argument of the jar that selects this command. */
	public static final String COMMAND = "bench";

	/** Exit code: every measured call was answered with a result. */
	public static final int OK = PipeCall.OK;

	/** Exit code: an unexpected failure. */
	public static final int FAILED = PipeCall.FAILED;

	/** Exit code: some calls were answered with a JSON-RPC error. */
	public static final int RPC_ERROR = PipeCall.RPC_ERROR;

	/** Exit code: a connection to the pipe could not be made. */
	public static final int CONNECT_FAILED = PipeCall.CONNECT_FAILED;

	/** Exit code: some calls got no answer (timeout, or a connection was lost). */
	public static final int NO_ANSWER = PipeCall.NO_ANSWER;

	/** Exit code: bad usage ({@code EX_USAGE} of sysexits.h). */
	public static final int USAGE = PipeCall.USAGE;

	/** The method called unless {@code --method} or {@code --payload} says otherwise. */
	static final String DEFAULT_METHOD = "orders.find";

	/** The method called with {@code --payload} unless {@code --method} says otherwise. */
	static final String ECHO_METHOD = "bench.echo";

	/** The percentiles reported, with their names. */
	static final Map<String, Double> PERCENTILES = percentiles();

	/** The help text. */
	public static final String USAGE_TEXT = """
			Usage: java -jar sample-app-0.1.0-SNAPSHOT.jar bench [options] <pipe>

			Calls a JSON-RPC method on <pipe> over several connections, many calls in flight
			on each, and reports throughput and latency percentiles.

			  <pipe>  pipe name: the socket <directory>/<name>.sock; a name containing '/' is
			          the socket path itself (on Windows: \\\\.\\pipe\\<name>)

			What to call:
			  --method <name>      method (default orders.find with {"item":"bench"}, or
			                       bench.echo with --payload)
			  --params <json>      params as a JSON array or object (default none, except for
			                       the default method)
			  --payload <bytes>    params are ["<a string of this many bytes>"]; throughput is
			                       also reported in MB/s (10^6 bytes) of it

			How hard:
			  --clients <n>        connections, each a PipeClient (default 1)
			  --pipeline <depth>   calls in flight on each connection (default 1)
			  --requests <n>       stop after this many measured calls, or
			  --duration <seconds> stop sending after this long (default 10)
			  --warmup <seconds>   calls first, neither counted nor timed (default 1)
			  --timeout <seconds>  give up when no answer comes for this long (default 10);
			                       connecting gives up after at most 2 seconds

			Connection and output:
			  --framing <framing>  content-length (default), length-prefix or newline
			  --directory <dir>    directory of the socket (default $XDG_RUNTIME_DIR, else the
			                       temp directory)
			  --json               print the report as one JSON object
			  --quiet              no progress on standard error
			  -h, --help           print this help

			Latency runs from sending a call to its answer, in microseconds. Exit codes: 0 all
			answered with results, 2 some error answers, 3 cannot connect, 4 some calls not
			answered (timeout or connection lost), 1 other failure, 64 bad usage.
			""";


	private static final String PAYLOAD_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private PipeBench() {
	}

	/**
	 * Run the command in this process: the report to standard output in UTF-8, progress and
	 * warnings of the client to standard error.
	 * @param args the arguments after {@code bench}
	 * @return the exit code
	 */
	public static int execute(String[] args) {
		return CliArguments.execute(PipeBench::run, args);
	}

	/**
	 * Run the command.
	 * @param args the arguments after {@code bench}
	 * @param out receives the report (or the help text)
	 * @param err receives progress and errors
	 * @return the exit code
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		return CliArguments.parseAndRun("bench", USAGE_TEXT, args, Settings::parse, out, err, PipeBench::bench);
	}

	private static int bench(Settings settings, PrintStream out, PrintStream err) {
		String address;
		try (PipeClient probe = PipeClient.builder(settings.pipe()).directory(settings.directory()).build()) {
			address = probe.getAddress();
		}
		catch (IllegalArgumentException ex) {
			err.println("bench: " + ex.getMessage());
			return USAGE;
		}
		BenchRun.Result result;
		try {
			result = new BenchRun(settings, MAPPER, settings.quiet() ? null : err).run();
		}
		catch (PipeConnectException ex) {
			err.println(CliArguments.connectFailure("bench", settings.pipe(), address, ex));
			return CONNECT_FAILED;
		}
		catch (RuntimeException ex) {
			err.println("bench: " + ex);
			return FAILED;
		}
		if (settings.json()) {
			out.println(MAPPER.writeValueAsString(jsonReport(settings, address, result)));
		}
		else {
			out.print(textReport(settings, address, result));
		}
		out.flush();
		if (result.errors().containsKey(BenchRun.TIMEOUT) || result.errors().containsKey(BenchRun.CONNECTION_LOST)) {
			return NO_ANSWER;
		}
		return result.errors().isEmpty() ? OK : RPC_ERROR;
	}

	// ---------------------------------------------------------------- reports

	static String textReport(Settings settings, String address, BenchRun.Result result) {
		StringBuilder text = new StringBuilder();
		Formatter line = (format, values) -> text.append(String.format(Locale.ROOT, format, values)).append('\n');
		line.add("Settings");
		line.add("  pipe        %s (%s)", address, framingName(settings.framing()));
		line.add("  method      %s, payload %d bytes", settings.method(), settings.payloadBytes());
		line.add("  load        %d %s x pipeline %d = %d calls in flight", settings.clients(),
				(settings.clients() == 1) ? "client" : "clients", settings.pipeline(),
				(long) settings.clients() * settings.pipeline());
		line.add("  run         %s after %s s warmup", settings.countsRequests() ? settings.requests() + " requests"
				: seconds(settings.duration()) + " s", seconds(settings.warmup()));
		line.add("");
		line.add("Results");
		line.add("  requests    %d", result.requests());
		line.add("  errors      %d", result.failed());
		result.errors().forEach((kind, count) -> {
			String example = result.errorExamples().get(kind);
			line.add("    %-16s %d%s", kind, count, (example != null) ? "  (" + example + ")" : "");
		});
		line.add("  duration    %.3f s", result.seconds());
		line.add("  throughput  %.1f req/s, %.2f MB/s of payload", requestsPerSecond(result),
				megabytesPerSecond(settings, result));
		LatencyHistogram latencies = result.latencies();
		StringBuilder percentiles = new StringBuilder();
		PERCENTILES.forEach((name, percentile) -> percentiles.append(String.format(Locale.ROOT, "  %s %.1f", name,
				micros(latencies.valueAtPercentile(percentile)))));
		line.add("  latency us %s  max %.1f  (mean %.1f)", percentiles, micros(latencies.max()),
				latencies.mean() / 1000);
		return text.toString();
	}

	static ObjectNode jsonReport(Settings settings, String address, BenchRun.Result result) {
		ObjectNode report = MAPPER.createObjectNode();
		ObjectNode config = report.putObject("settings");
		config.put("pipe", address);
		config.put("framing", framingName(settings.framing()));
		config.put("method", settings.method());
		config.put("payloadBytes", settings.payloadBytes());
		config.put("clients", settings.clients());
		config.put("pipeline", settings.pipeline());
		if (settings.countsRequests()) {
			config.put("requests", settings.requests());
			config.putNull("durationSeconds");
		}
		else {
			config.putNull("requests");
			config.put("durationSeconds", settings.duration().toMillis() / 1000.0);
		}
		config.put("warmupSeconds", settings.warmup().toMillis() / 1000.0);
		config.put("timeoutSeconds", settings.timeout().toMillis() / 1000.0);
		report.put("requests", result.requests());
		report.put("ok", result.ok());
		ObjectNode errors = report.putObject("errors");
		errors.put("total", result.failed());
		ObjectNode byKind = errors.putObject("byKind");
		result.errors().forEach(byKind::put);
		report.put("durationSeconds", round(result.seconds(), 6));
		ObjectNode throughput = report.putObject("throughput");
		throughput.put("requestsPerSecond", round(requestsPerSecond(result), 1));
		throughput.put("payloadMegabytesPerSecond", round(megabytesPerSecond(settings, result), 3));
		LatencyHistogram latencies = result.latencies();
		ObjectNode latency = report.putObject("latencyMicros");
		latency.put("count", latencies.count());
		PERCENTILES.forEach((name, percentile) -> latency.put(name, round(micros(latencies.valueAtPercentile(percentile)), 3)));
		latency.put("max", round(micros(latencies.max()), 3));
		latency.put("min", round(micros(latencies.min()), 3));
		latency.put("mean", round(latencies.mean() / 1000, 3));
		return report;
	}

	private static double requestsPerSecond(BenchRun.Result result) {
		return (result.nanos() > 0) ? result.requests() / result.seconds() : 0;
	}

	private static double megabytesPerSecond(Settings settings, BenchRun.Result result) {
		return requestsPerSecond(result) * settings.payloadBytes() / 1e6;
	}

	private static double micros(long nanos) {
		return nanos / 1000.0;
	}

	private static double round(double value, int decimals) {
		return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
	}

	private static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
	}

	static String framingName(Framing framing) {
		return framing.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static Map<String, Double> percentiles() {
		Map<String, Double> percentiles = new java.util.LinkedHashMap<>();
		percentiles.put("p50", 50.0);
		percentiles.put("p90", 90.0);
		percentiles.put("p99", 99.0);
		percentiles.put("p99.9", 99.9);
		return java.util.Collections.unmodifiableMap(percentiles);
	}

	/**
	 * Appends one formatted line.
	 */
	@FunctionalInterface
	private interface Formatter {

		void add(String format, Object... values);

	}

	// ---------------------------------------------------------------- settings

	/**
	 * One parsed command line.
	 * @param pipe the pipe name or socket path
	 * @param method the method to call
	 * @param params the params of every call, or {@code null} for none
	 * @param payloadBytes the size of the payload: the string of {@code --payload}, else the
	 * params' JSON
	 * @param clients how many connections
	 * @param pipeline how many calls in flight on each connection
	 * @param requests how many calls to measure, or 0 to run for {@code duration}
	 * @param duration how long to measure, unless {@code requests} is set
	 * @param warmup how long to call before measuring
	 * @param timeout how long to wait for any answer before giving up
	 * @param framing the server's framing
	 * @param directory the directory of the socket, or {@code null} for the default
	 * @param json whether to print the report as JSON
	 * @param quiet whether to leave out progress
	 */
	record Settings(String pipe, String method, @Nullable JsonNode params, long payloadBytes, int clients,
			int pipeline, long requests, Duration duration, Duration warmup, Duration timeout, Framing framing,
			@Nullable String directory, boolean json, boolean quiet) {

		/** The most connections. */
		static final int MAX_CLIENTS = 4096;

		/** The most calls in flight on one connection. */
		static final int MAX_PIPELINE = 65536;

		/** The largest payload: a JSON string the JVM can still hold twice over. */
		static final int MAX_PAYLOAD = 256 * 1024 * 1024;

		boolean countsRequests() {
			return this.requests > 0;
		}

		/**
		 * Parse the arguments; {@code null} when help was asked for.
		 */
		static @Nullable Settings parse(String[] args) {
			String method = null;
			JsonNode params = null;
			int payload = -1;
			int clients = 1;
			int pipeline = 1;
			long requests = 0;
			Duration duration = null;
			Duration warmup = Duration.ofSeconds(1);
			Duration timeout = Duration.ofSeconds(10);
			Framing framing = Framing.CONTENT_LENGTH;
			String directory = null;
			boolean json = false;
			boolean quiet = false;
			List<String> positional = new ArrayList<>();
			boolean options = true;
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				if (!options || !arg.startsWith("-") || arg.equals("-")) {
					positional.add(arg);
					continue;
				}
				String name = arg;
				String inline = null;
				int equals = arg.indexOf('=');
				if (arg.startsWith("--") && equals > 0) {
					name = arg.substring(0, equals);
					inline = arg.substring(equals + 1);
				}
				switch (name) {
					case "--", "-h", "--help", "--json", "--quiet" -> {
						if (inline != null) {
							throw new UsageException(name + " takes no value");
						}
						switch (name) {
							case "--" -> options = false;
							case "--json" -> json = true;
							case "--quiet" -> quiet = true;
							default -> {
								return null;
							}
						}
					}
					case "--method", "--params", "--payload", "--clients", "--pipeline", "--requests", "--duration",
							"--warmup", "--timeout", "--framing", "--directory" -> {
						String value = inline;
						if (value == null) {
							if (i + 1 >= args.length) {
								throw new UsageException(name + " needs a value");
							}
							value = args[++i];
						}
						switch (name) {
							case "--method" -> method = CliArguments.notBlank(name, value);
							case "--params" -> params = params(value);
							case "--payload" -> payload = (int) number(name, value, 0, MAX_PAYLOAD);
							case "--clients" -> clients = (int) number(name, value, 1, MAX_CLIENTS);
							case "--pipeline" -> pipeline = (int) number(name, value, 1, MAX_PIPELINE);
							case "--requests" -> requests = number(name, value, 1, Long.MAX_VALUE);
							case "--duration" -> duration = CliArguments.seconds(name, value, false);
							case "--warmup" -> warmup = CliArguments.seconds(name, value, true);
							case "--timeout" -> timeout = CliArguments.seconds(name, value, false);
							case "--framing" -> framing = CliArguments.framing(value);
							default -> directory = CliArguments.notBlank(name, value);
						}
					}
					default -> throw new UsageException("unknown option '" + arg + "'");
				}
			}
			if (positional.isEmpty()) {
				throw new UsageException("missing <pipe>");
			}
			if (positional.size() > 1) {
				throw new UsageException("too many arguments, starting at '" + positional.get(1)
						+ "' (options start with --)");
			}
			String pipe = CliArguments.notBlank("<pipe>", positional.get(0));
			if (requests > 0 && duration != null) {
				throw new UsageException("give --requests or --duration, not both");
			}
			if (payload >= 0 && params != null) {
				throw new UsageException("give --payload or --params, not both");
			}
			long payloadBytes;
			if (payload >= 0) {
				ArrayNode array = MAPPER.createArrayNode();
				array.add(payload(payload));
				params = array;
				method = (method != null) ? method : ECHO_METHOD;
				payloadBytes = payload;
			}
			else {
				if (method == null) {
					method = DEFAULT_METHOD;
					params = (params != null) ? params : MAPPER.createObjectNode().put("item", "bench");
				}
				payloadBytes = (params != null) ? MAPPER.writeValueAsBytes(params).length : 0;
			}
			return new Settings(pipe, method, params, payloadBytes, clients, pipeline, requests,
					(duration != null) ? duration : Duration.ofSeconds(10), warmup, timeout, framing, directory, json,
					quiet);
		}

		private static String payload(int bytes) {
			StringBuilder payload = new StringBuilder(bytes);
			for (int i = 0; i < bytes; i++) {
				payload.append(PAYLOAD_ALPHABET.charAt(i % PAYLOAD_ALPHABET.length()));
			}
			return payload.toString();
		}


		private static long number(String name, String value, long min, long max) {
			try {
				long number = Long.parseLong(value.trim().replace("_", ""));
				if (number >= min && number <= max) {
					return number;
				}
			}
			catch (NumberFormatException ex) {
				// Reported below.
			}
			throw new UsageException(name + " needs a whole number from " + min + " to " + max + ", not '" + value + "'");
		}



		private static JsonNode params(String text) {
			JsonNode params;
			try {
				params = MAPPER.readTree(text);
			}
			catch (JacksonException ex) {
				throw new UsageException("--params is not valid JSON: " + ex.getOriginalMessage());
			}
			if (params == null || params.isMissingNode() || (!params.isArray() && !params.isObject())) {
				throw new UsageException("--params must be a JSON array or object, not '" + text.trim() + "'");
			}
			return params;
		}

	}


}
