package dev.pipeipc.benchmark.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.stream.Collectors;

/**
 * The Markdown report: medians per contender, the targets with the ratios measured in this run,
 * startup times, and every round's value.
 */
final class Report {

	private final Results results;

	private final Map<String, String> titles;

	private final StartupRuns startups;

	Report(Results results, Map<String, String> titles, StartupRuns startups) {
		this.results = results;
		this.titles = titles;
		this.startups = startups;
	}

	String render(String machine, String settings) {
		StringBuilder out = new StringBuilder();
		out.append("## Machine\n\n").append(machine).append("\n\n").append(settings).append("\n\n");
		out.append("## Medians\n\n");
		List<String> contenders = this.results.contenders();
		out.append("| Metric | ")
			.append(contenders.stream().map(this.titles::get).collect(Collectors.joining(" | ")))
			.append(" |\n|---|")
			.append("---:|".repeat(contenders.size()))
			.append('\n');
		for (Metric metric : Metric.values()) {
			if (!this.results.has(metric)) {
				continue;
			}
			out.append("| ").append(metric.label()).append(" |");
			for (String contender : contenders) {
				out.append(' ').append(metric.format(this.results.median(metric, contender))).append(" |");
			}
			out.append('\n');
		}
		if (!this.startups.isEmpty()) {
			out.append(this.startups.render());
		}
		out.append("\n## Targets\n\n| Target | Measured | Met |\n|---|---|---|\n");
		for (String[] target : targets()) {
			out.append("| ").append(String.join(" | ", target)).append(" |\n");
		}
		out.append("\n## Every round\n\n| Metric | Contender | Rounds | Median |\n|---|---|---|---:|\n");
		for (Metric metric : Metric.values()) {
			for (String contender : contenders) {
				List<Double> rounds = this.results.rounds(metric, contender);
				if (!rounds.isEmpty()) {
					out.append("| ")
						.append(metric.label())
						.append(" | ")
						.append(this.titles.get(contender))
						.append(" | ")
						.append(rounds.stream().map(metric::format).collect(Collectors.joining(", ")))
						.append(" | ")
						.append(metric.format(Results.median(rounds)))
						.append(" |\n");
				}
			}
		}
		return out.toString();
	}

	/**
	 * The floor at a metric: the better of its two servers' medians (a thread per connection is
	 * faster for one client, selector threads for many), or the one that ran.
	 */
	private double median(Metric metric, String contender) {
		if (!contender.equals(FLOOR)) {
			return this.results.median(metric, contender);
		}
		double blocking = this.results.median(metric, Contender.FLOOR);
		double selector = this.results.median(metric, Contender.FLOOR_SELECTOR);
		if (Double.isNaN(blocking) || Double.isNaN(selector)) {
			return Double.isNaN(blocking) ? selector : blocking;
		}
		return metric.higherIsBetter() ? Math.max(blocking, selector) : Math.min(blocking, selector);
	}

	/** The better of the two floor servers, as {@link #median} reads it. */
	private static final String FLOOR = "floor (the better of the two)";

	private List<String[]> targets() {
		List<String[]> targets = new ArrayList<>();
		String pipe = Contender.PIPE;
		ratio(targets, "pipe-ipc p50 ≤ 1.5 × floor p50", Metric.P50_1, pipe, FLOOR, (r) -> r <= 1.5);
		ratio(targets, "pipe-ipc throughput (16 clients) ≥ 0.6 × floor", Metric.THROUGHPUT_16, pipe, FLOOR,
				(r) -> r >= 0.6);
		ratio(targets, "pipe-ipc throughput (256 clients), against the floor", Metric.THROUGHPUT_256, pipe, FLOOR,
				(r) -> true);
		ratio(targets, "PipeClient p50 ≤ 1.3 × the minimal client's, same server", Metric.P50_1,
				Contender.PIPE_CLIENT, pipe, (r) -> r <= 1.3);
		ratio(targets, "PipeClient throughput (1 client) ≥ 0.75 × the minimal client's", Metric.THROUGHPUT_1,
				Contender.PIPE_CLIENT, pipe, (r) -> r >= 0.75);
		ratio(targets, "PipeClient throughput (16 clients) ≥ 0.9 × the minimal client's", Metric.THROUGHPUT_16,
				Contender.PIPE_CLIENT, pipe, (r) -> r >= 0.9);
		ratio(targets, "@PipeExchange p50 against PipeClient's (no measurable cost)", Metric.P50_1,
				Contender.PIPE_EXCHANGE, Contender.PIPE_CLIENT, (r) -> r <= 1.1);
		ratio(targets, "RestClient p50 ≥ 10 × PipeClient p50", Metric.P50_1, Contender.MVC_REST_CLIENT,
				Contender.PIPE_CLIENT, (r) -> r >= 10);
		ratio(targets, "PipeClient throughput (16 clients) ≥ 10 × RestClient", Metric.THROUGHPUT_16,
				Contender.PIPE_CLIENT, Contender.MVC_REST_CLIENT, (r) -> r >= 10);
		ratio(targets, "pipe-ipc JSON-RPC 1 MiB string echo ≥ 0.45 × the raw protocol", Metric.ECHO_1M, pipe,
				Contender.PIPE_RAW, (r) -> r >= 0.45);
		ratio(targets, "pipe-ipc JSON-RPC 16 MiB string echo ≥ 0.45 × the raw protocol", Metric.ECHO_16M, pipe,
				Contender.PIPE_RAW, (r) -> r >= 0.45);
		ratio(targets, "gRPC p50 ≥ 5 × pipe-ipc p50", Metric.P50_1, Contender.GRPC, pipe, (r) -> r >= 5);
		ratio(targets, "Spring MVC p50 ≥ 10 × pipe-ipc p50", Metric.P50_1, Contender.MVC, pipe, (r) -> r >= 10);
		ratio(targets, "pipe-ipc throughput (16 clients) ≥ 10 × gRPC", Metric.THROUGHPUT_16, pipe, Contender.GRPC,
				(r) -> r >= 10);
		ratio(targets, "pipe-ipc throughput (16 clients) ≥ 10 × Spring MVC", Metric.THROUGHPUT_16, pipe,
				Contender.MVC, (r) -> r >= 10);
		ratio(targets, "pipe-ipc raw 16 MiB echo ≥ 0.7 × floor MB/s", Metric.ECHO_16M, Contender.PIPE_RAW,
				FLOOR, (r) -> r >= 0.7);
		ratio(targets, "observations on: p50 ≤ 1.1 × the same application with them off", Metric.P50_1,
				Contender.PIPE_OBSERVED, Contender.PIPE_OBSERVED_OFF, (r) -> r <= 1.1);
		ratio(targets, "observations on: p50 ≤ 1.1 × pipe-ipc without Micrometer", Metric.P50_1,
				Contender.PIPE_OBSERVED, pipe, (r) -> r <= 1.1);
		roundRatios(targets, "observations on / off, p50 of each round", Metric.P50_1, Contender.PIPE_OBSERVED,
				Contender.PIPE_OBSERVED_OFF);
		double json = this.results.median(Metric.ECHO_1M, pipe);
		if (!Double.isNaN(json)) {
			targets.add(new String[] { "pipe-ipc JSON-RPC 1 MiB string echo reported",
					Metric.ECHO_1M.format(json) + " MB/s", "yes" });
		}
		double heap = this.results.median(Metric.IDLE_HEAP, pipe);
		if (!Double.isNaN(heap)) {
			targets.add(new String[] { "pipe-ipc live heap per idle connection < 64 KiB",
					Metric.IDLE_HEAP.format(heap) + " KiB", yes(heap < 64) });
		}
		double p99 = this.results.median(Metric.P99_256, pipe);
		if (!Double.isNaN(p99)) {
			double errors = this.results.rounds(Metric.ERRORS_256, pipe).stream().mapToDouble(Double::doubleValue).sum();
			targets.add(new String[] { "pipe-ipc p99 with 256 clients < 20 ms, no errors",
					Metric.P99_256.format(p99) + " ms, " + (long) errors + " errors", yes(p99 < 20 && errors == 0) });
		}
		if (!this.startups.isEmpty() && this.startups.variants().contains(StartupVariant.SERVERS)) {
			double added = Results.median(this.startups.differences(StartupVariant.SERVERS, StartupRuns.WALL));
			targets.add(new String[] { "the starter adds ≤ 50 ms to startup (median of the differences within rounds)",
					Metric.P50_1.format(added) + " ms", yes(added <= 50) });
		}
		return targets;
	}

	private void ratio(List<String[]> targets, String description, Metric metric, String numerator,
			String denominator, DoublePredicate met) {
		double top = median(metric, numerator);
		double bottom = median(metric, denominator);
		if (Double.isNaN(top) || Double.isNaN(bottom)) {
			return;
		}
		double ratio = top / bottom;
		targets.add(new String[] { description, String.format("%.2f× (%s / %s %s)", ratio, metric.format(top),
				metric.format(bottom), metric.label().replaceAll(".*\\((.*)\\)", "$1")), yes(met.test(ratio)) });
	}

	private void roundRatios(List<String[]> targets, String description, Metric metric, String numerator,
			String denominator) {
		List<Double> top = this.results.rounds(metric, numerator);
		List<Double> bottom = this.results.rounds(metric, denominator);
		if (top.isEmpty() || top.size() != bottom.size()) {
			return;
		}
		List<String> ratios = new ArrayList<>();
		for (int i = 0; i < top.size(); i++) {
			ratios.add(String.format("%.2f×", top.get(i) / bottom.get(i)));
		}
		targets.add(new String[] { description, String.join(", ", ratios), "reported" });
	}

	private static String yes(boolean met) {
		return met ? "yes" : "**no**";
	}

}
