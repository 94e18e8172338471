package dev.pipeipc.sample.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.pipeipc.sample.cli.CliArguments.MAPPER;

/**
 * {@code bench --client a,b,... --rounds n}: each kind of client runs once per round, in the order
 * given, against the same server, and each is reported as a ratio to the first kind in the same
 * round. On a machine shared with other work, the ratios within a round are what can be compared;
 * the medians of the rounds' ratios close the report.
 */
final class BenchComparison {

	private final BenchSettings settings;

	private final @Nullable PrintStream progress;

	BenchComparison(BenchSettings settings, @Nullable PrintStream progress) {
		this.settings = settings;
		this.progress = progress;
	}

	/**
	 * Run every round.
	 * @return the results, by round and then in the order of the kinds
	 */
	List<List<BenchRun.Result>> run() {
		List<List<BenchRun.Result>> rounds = new ArrayList<>();
		for (int round = 1; round <= this.settings.rounds(); round++) {
			List<BenchRun.Result> results = new ArrayList<>();
			for (BenchClient kind : this.settings.clientKinds()) {
				BenchRun.Result result = new BenchRun(this.settings.with(kind), MAPPER, null).run();
				if (this.progress != null) {
					this.progress.printf(Locale.ROOT, "bench: round %d %-8s %.0f req/s  p50 %.1f us%n", round,
							kind.cliName(), requestsPerSecond(result), p50(result));
					this.progress.flush();
				}
				results.add(result);
			}
			rounds.add(results);
		}
		return rounds;
	}

	String text(String address, List<List<BenchRun.Result>> rounds) {
		StringBuilder text = new StringBuilder();
		List<BenchClient> kinds = this.settings.clientKinds();
		String reference = kinds.get(0).cliName();
		line(text, "Comparison on %s: %d %s, payload %d bytes, %s s after %s s warmup, %d rounds", address,
				this.settings.clients(), (this.settings.clients() == 1) ? "client" : "clients",
				this.settings.payloadBytes(), this.settings.duration().toMillis() / 1000.0,
				this.settings.warmup().toMillis() / 1000.0, rounds.size());
		line(text, "%-6s %-9s %12s %10s %10s %12s %12s", "round", "client", "req/s", "p50 us", "p99 us",
				"req/s ratio", "p50 ratio");
		for (int round = 0; round < rounds.size(); round++) {
			List<BenchRun.Result> results = rounds.get(round);
			for (int i = 0; i < kinds.size(); i++) {
				BenchRun.Result result = results.get(i);
				line(text, "%-6d %-9s %12.0f %10.1f %10.1f %12.2f %12.2f", round + 1, kinds.get(i).cliName(),
						requestsPerSecond(result), p50(result), micros(result, 99),
						requestsPerSecond(result) / requestsPerSecond(results.get(0)), p50(result) / p50(results.get(0)));
			}
		}
		line(text, "");
		line(text, "Medians of the rounds (ratios to %s in the same round)", reference);
		line(text, "%-9s %12s %10s %12s %12s %s", "client", "req/s", "p50 us", "req/s ratio", "p50 ratio", "errors");
		for (int i = 0; i < kinds.size(); i++) {
			int kind = i;
			line(text, "%-9s %12.0f %10.1f %12.2f %12.2f %d", kinds.get(i).cliName(),
					median(rounds, (results) -> requestsPerSecond(results.get(kind))),
					median(rounds, (results) -> p50(results.get(kind))),
					median(rounds, (results) -> requestsPerSecond(results.get(kind)) / requestsPerSecond(results.get(0))),
					median(rounds, (results) -> p50(results.get(kind)) / p50(results.get(0))),
					rounds.stream().mapToLong((results) -> results.get(kind).failed()).sum());
		}
		return text.toString();
	}

	ArrayNode json(String address, List<List<BenchRun.Result>> rounds) {
		ArrayNode json = MAPPER.createArrayNode();
		for (int round = 0; round < rounds.size(); round++) {
			List<BenchRun.Result> results = rounds.get(round);
			for (int i = 0; i < results.size(); i++) {
				BenchClient kind = this.settings.clientKinds().get(i);
				ObjectNode report = BenchReport.json(this.settings.with(kind), address, results.get(i));
				report.put("round", round + 1);
				report.put("client", kind.cliName());
				json.add(report);
			}
		}
		return json;
	}

	/**
	 * Whether any run had failures.
	 */
	static boolean failed(List<List<BenchRun.Result>> rounds) {
		return rounds.stream().flatMap(List::stream).anyMatch((result) -> result.failed() > 0);
	}

	private static double median(List<List<BenchRun.Result>> rounds, Metric metric) {
		double[] values = rounds.stream().mapToDouble(metric::of).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static double requestsPerSecond(BenchRun.Result result) {
		return (result.nanos() > 0) ? result.requests() / result.seconds() : 0;
	}

	private static double p50(BenchRun.Result result) {
		return micros(result, 50);
	}

	private static double micros(BenchRun.Result result, double percentile) {
		return result.latencies().valueAtPercentile(percentile) / 1000.0;
	}

	private static void line(StringBuilder text, String format, Object... values) {
		text.append(String.format(Locale.ROOT, format, values)).append('\n');
	}

	/**
	 * One figure of a round.
	 */
	@FunctionalInterface
	private interface Metric {

		double of(List<BenchRun.Result> results);

	}

}
