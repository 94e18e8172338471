package dev.pipeipc.benchmark.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The command line: {@code [--rounds N] [--seconds S] [--warmup S] [--idle-connections N]
 * [--startup-runs N] [--startup-variants a,b] [--stream-items N] [--only name,...] [--output FILE] [--quick]}.
 * @param rounds interleaved rounds; each value reported is the median over them
 * @param measurement how long each load measurement runs
 * @param warmup load per server before the first round, so that every JIT is warm
 * @param idleConnections connections held open for the memory measurement
 * @param startupRuns rounds of the startup comparison, each launching the plain application and
 * every variant once
 * @param startupVariants what the startup comparison launches next to the plain application
 * @param streamItems records per transfer in the stream benchmark ({@link StreamBenchmark})
 * @param only the contenders to run (all when empty)
 * @param output file that receives the report as well, or {@code null}
 */
record BenchmarkOptions(int rounds, Duration measurement, Duration warmup, int idleConnections, int startupRuns,
		List<StartupVariant> startupVariants, long streamItems, List<String> only, Path output) {

	static final List<String> CONTENDERS = List.of(Contender.FLOOR, Contender.FLOOR_SELECTOR, Contender.PIPE,
			Contender.PIPE_RAW, Contender.PIPE_CLIENT, Contender.PIPE_EXCHANGE, Contender.MVC, Contender.MVC_REST_CLIENT,
			Contender.GRPC, Contender.PIPE_OBSERVED, Contender.PIPE_OBSERVED_OFF, StreamBenchmark.ID);

	/** Contenders that run only when {@code --only} names them: the cost of observations. */
	static final List<String> ON_REQUEST = List.of(Contender.PIPE_OBSERVED, Contender.PIPE_OBSERVED_OFF);

	static final String USAGE = """
			Usage: java -jar benchmark.jar [options]
			  --rounds N            interleaved rounds, medians reported (default 3)
			  --seconds S           length of each load measurement (default 3)
			  --warmup S            warm-up load per server before the first round (default 5)
			  --idle-connections N  connections held open for the memory measurement (default 1000)
			  --startup-runs N      rounds of the startup comparison, each launching the plain app and every
			                        variant once (default 10)
			  --startup-variants a,b  what is launched next to the plain app: servers (the benchmark's
			                        pipe-ipc app, two pipes open; the default), idle (the same app with
			                        nothing configured), hand-opened (the plain app opening two Unix
			                        sockets itself)
			  --stream-items N      records per transfer in the stream benchmark (default 1000000)
			  --only a,b            run only these contenders: floor, floor-selector, pipe-ipc, pipe-ipc-raw,
			                        pipe-ipc-client, pipe-ipc-exchange, mvc, mvc-restclient, grpc, and
			                        (only when named) pipe-ipc-observed, pipe-ipc-observed-off; streams for
			                        the stream benchmark
			  --output FILE         write the Markdown report to FILE as well
			  --quick               a smoke run: 1 round of 0.3 s measurements, 100 idle connections,
			                        streams of 10000 records
			""";

	static BenchmarkOptions parse(String[] args) {
		int rounds = 3;
		double seconds = 3;
		double warmup = 5;
		int idle = 1000;
		int startupRuns = 10;
		List<StartupVariant> startupVariants = List.of(StartupVariant.SERVERS);
		long streamItems = 1_000_000;
		List<String> only = List.of();
		Path output = null;
		if (List.of(args).contains("--quick")) {
			rounds = 1;
			seconds = 0.3;
			warmup = 0.5;
			idle = 100;
			startupRuns = 1;
			streamItems = 10_000;
		}
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			if (option.equals("--quick")) {
				continue;
			}
			if (option.equals("--help") || option.equals("-h")) {
				throw new IllegalArgumentException(USAGE);
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("Option " + option + " needs a value.\n" + USAGE);
			}
			String value = args[++i];
			try {
				switch (option) {
					case "--rounds" -> rounds = positive(option, Integer.parseInt(value));
					case "--seconds" -> seconds = positive(option, Double.parseDouble(value));
					case "--warmup" -> warmup = notNegative(option, Double.parseDouble(value));
					case "--idle-connections" -> idle = positive(option, Integer.parseInt(value));
					case "--startup-runs" -> startupRuns = notNegative(option, Integer.parseInt(value));
					case "--startup-variants" -> startupVariants = startupVariants(value);
					case "--stream-items" -> streamItems = positive(option, Long.parseLong(value));
					case "--only" -> only = contenders(value);
					case "--output" -> output = Path.of(value);
					default -> throw new IllegalArgumentException("Unknown option " + option + ".\n" + USAGE);
				}
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("Option " + option + " needs a number, not '" + value + "'.");
			}
		}
		return new BenchmarkOptions(rounds, seconds(seconds), seconds(warmup), idle, startupRuns, startupVariants,
				streamItems, only, output);
	}

	private static List<StartupVariant> startupVariants(String value) {
		List<StartupVariant> variants = Stream.of(value.split(","))
			.map(String::trim)
			.filter((name) -> !name.isEmpty())
			.map(StartupVariant::of)
			.distinct()
			.toList();
		if (variants.isEmpty()) {
			throw new IllegalArgumentException("Option --startup-variants needs at least one of servers, idle or"
					+ " hand-opened, not '" + value + "'.");
		}
		return variants;
	}

	private static List<String> contenders(String value) {
		List<String> names = List.of(value.split(","));
		for (String name : names) {
			if (!CONTENDERS.contains(name)) {
				throw new IllegalArgumentException("Unknown contender '" + name + "' in --only; choose from " + CONTENDERS + ".");
			}
		}
		return names;
	}

	private static <N extends Number> N notNegative(String option, N value) {
		if (value.doubleValue() < 0) {
			throw new IllegalArgumentException("Option " + option + " cannot be negative, not " + value + ".");
		}
		return value;
	}

	private static <N extends Number> N positive(String option, N value) {
		if (value.doubleValue() <= 0) {
			throw new IllegalArgumentException("Option " + option + " must be positive, not " + value + ".");
		}
		return value;
	}

	private static Duration seconds(double seconds) {
		return Duration.ofNanos((long) (seconds * 1e9));
	}

	boolean runs(String contender) {
		return this.only.contains(contender) || (this.only.isEmpty() && !ON_REQUEST.contains(contender));
	}

}
