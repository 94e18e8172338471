package dev.pipeipc.benchmark.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The startup comparison's launches, in rounds: each round launches the plain application and
 * each {@link StartupVariant variant} once, back to back, in an order that changes from round to
 * round ({@link StartupComparison}). For each launch it keeps wall time to ready, the main thread's CPU time to ready, the
 * classes loaded and the CPU time of all threads, as the application reported them. A variant's
 * cost is the median of its differences from the plain launch of the same round, which cancels
 * most of the machine's drift; CPU time and classes move far less than wall time with what else
 * the machine runs. Variants measured in the same rounds can be compared with each other, which
 * separate runs on a noisy machine cannot.
 */
final class StartupRuns {

	private final List<double[]> plain = new ArrayList<>();

	private final Map<StartupVariant, List<double[]>> variants = new LinkedHashMap<>();

	StartupRuns(List<StartupVariant> variants) {
		variants.forEach((variant) -> this.variants.put(variant, new ArrayList<>()));
	}

	/** What is launched next to the plain application, in the report's order. */
	List<StartupVariant> variants() {
		return List.copyOf(this.variants.keySet());
	}

	/**
	 * Add one round.
	 * @param plainApp the plain application's launch
	 * @param launches the launch of each variant
	 */
	void add(ServerProcess plainApp, Map<StartupVariant, ServerProcess> launches) {
		this.plain.add(figures(plainApp));
		this.variants.forEach((variant, runs) -> runs.add(figures(launches.get(variant))));
	}

	private static double[] figures(ServerProcess app) {
		long cpu = app.figure("main-cpu-ns");
		long classes = app.figure("classes");
		long processCpu = app.figure("process-cpu-ns");
		return new double[] { app.startup().toNanos() / 1e6, (cpu >= 0) ? cpu / 1e6 : Double.NaN,
				(classes >= 0) ? classes : Double.NaN, (processCpu >= 0) ? processCpu / 1e6 : Double.NaN };
	}

	boolean isEmpty() {
		return this.plain.isEmpty();
	}

	int size() {
		return this.plain.size();
	}

	/** Wall time from launch to ready, ms. */
	static final int WALL = 0;

	/** The main thread's CPU time to ready, ms. */
	static final int MAIN_CPU = 1;

	/** Classes loaded when ready. */
	static final int CLASSES = 2;

	/**
	 * The CPU time of all the process's threads to ready, ms: what wall time follows when the
	 * machine's processors are all busy during a start.
	 */
	static final int PROCESS_CPU = 3;

	List<Double> plain(int figure) {
		return this.plain.stream().map((run) -> run[figure]).toList();
	}

	List<Double> variant(StartupVariant variant, int figure) {
		return this.variants.get(variant).stream().map((run) -> run[figure]).toList();
	}

	/**
	 * A variant's differences from the plain launch of each round.
	 * @param variant the variant, one of {@link #variants()}
	 * @param figure which figure
	 * @return one difference per round
	 */
	List<Double> differences(StartupVariant variant, int figure) {
		List<double[]> runs = this.variants.get(variant);
		List<Double> differences = new ArrayList<>();
		for (int i = 0; i < this.plain.size(); i++) {
			differences.add(runs.get(i)[figure] - this.plain.get(i)[figure]);
		}
		return differences;
	}

	/**
	 * The Markdown section.
	 * @return a table per variant: its medians, the plain application's, and every difference
	 */
	String render() {
		StringBuilder out = new StringBuilder();
		out.append("\n## Startup to ready (")
			.append(size())
			.append((this.variants.size() == 1) ? " pairs of launches, order alternating)\n"
					: " rounds, each launching the plain app and every variant once, order rotating)\n");
		for (StartupVariant variant : this.variants.keySet()) {
			out.append("\n| Figure | plain Spring Boot app, median | ")
				.append(variant.label())
				.append(", median | median difference within rounds | differences |\n|---|---:|---:|---:|---|\n");
			row(out, variant, "wall time from launch (ms)", WALL);
			row(out, variant, "main thread CPU time (ms)", MAIN_CPU);
			row(out, variant, "classes loaded", CLASSES);
			row(out, variant, "CPU time of all threads (ms)", PROCESS_CPU);
		}
		return out.toString();
	}

	private void row(StringBuilder out, StartupVariant variant, String label, int figure) {
		List<Double> differences = differences(variant, figure);
		out.append("| ")
			.append(label)
			.append(" | ")
			.append(Metric.P50_1.format(Results.median(plain(figure))))
			.append(" | ")
			.append(Metric.P50_1.format(Results.median(variant(variant, figure))))
			.append(" | ")
			.append(Metric.P50_1.format(Results.median(differences)))
			.append(" | ")
			.append(differences.stream().map(Metric.P50_1::format).collect(Collectors.joining(", ")))
			.append(" |\n");
	}

}
