package dev.pipeipc.sample.cli;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.sample.cli.CliArguments.UsageException;

/**
 * One parsed {@code soak} command line.
 *
 * @param pipe the pipe name or socket path
 * @param payloadBytes the size of the string each {@code bench.echo} call sends
 * @param clients how many connections
 * @param pipeline how many calls in flight on each connection
 * @param duration how long to measure, after the warmup
 * @param interval how long each reported interval lasts
 * @param warmup how long to call before the first interval
 * @param timeout how long a call may wait for its answer
 * @param framing the server's framing
 * @param directory the directory of the socket, or {@code null} for the default
 * @param collect whether each server sample runs a full garbage collection first
 * @param check whether growth past the limits fails the run
 * @param json whether to print the report as JSON
 */
record SoakSettings(String pipe, int payloadBytes, int clients, int pipeline, Duration duration, Duration interval,
		Duration warmup, Duration timeout, Framing framing, @Nullable String directory, boolean collect,
		boolean check, boolean json) {

	private static final Set<String> FLAGS = Set.of("--json", "--no-gc", "--check");

	private static final Set<String> VALUED = Set.of("--payload", "--clients", "--pipeline", "--duration",
			"--interval", "--warmup", "--timeout", "--framing", "--directory");

	/**
	 * Parse the arguments.
	 * @param args the arguments after {@code soak}
	 * @return the settings, or {@code null} when help was asked for
	 * @throws UsageException naming the bad argument
	 */
	static @Nullable SoakSettings parse(String[] args) {
		int payload = 100;
		int clients = 4;
		int pipeline = 4;
		Duration duration = Duration.ofMinutes(10);
		Duration interval = Duration.ofSeconds(10);
		Duration warmup = Duration.ofSeconds(5);
		Duration timeout = Duration.ofSeconds(10);
		Framing framing = Framing.CONTENT_LENGTH;
		String directory = null;
		boolean collect = true;
		boolean check = false;
		boolean json = false;
		CommandLine line = new CommandLine(args, FLAGS, VALUED);
		while (line.nextOption()) {
			String name = line.name();
			switch (name) {
				case "--json" -> json = true;
				case "--no-gc" -> collect = false;
				case "--check" -> check = true;
				case "--payload" -> payload = (int) number(name, line.value(), 0, BenchSettings.MAX_PAYLOAD);
				case "--clients" -> clients = (int) number(name, line.value(), 1, BenchSettings.MAX_CLIENTS);
				case "--pipeline" -> pipeline = (int) number(name, line.value(), 1, BenchSettings.MAX_PIPELINE);
				case "--duration" -> duration = CliArguments.seconds(name, line.value(), false);
				case "--interval" -> interval = CliArguments.seconds(name, line.value(), false);
				case "--warmup" -> warmup = CliArguments.seconds(name, line.value(), true);
				case "--timeout" -> timeout = CliArguments.seconds(name, line.value(), false);
				case "--framing" -> framing = CliArguments.framing(line.value());
				default -> directory = CliArguments.notBlank(name, line.value());
			}
		}
		if (line.helpRequested()) {
			return null;
		}
		List<String> positional = line.positional();
		if (positional.size() != 1) {
			throw new UsageException(positional.isEmpty() ? "missing <pipe>"
					: "too many arguments, starting at '" + positional.get(1) + "' (options start with --)");
		}
		if (interval.compareTo(duration) > 0) {
			throw new UsageException("--interval (" + interval.toMillis() / 1000.0 + " s) must not be longer than "
					+ "--duration (" + duration.toMillis() / 1000.0 + " s)");
		}
		return new SoakSettings(CliArguments.notBlank("<pipe>", positional.get(0)), payload, clients, pipeline,
				duration, interval, warmup, timeout, framing, directory, collect, check, json);
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

}
