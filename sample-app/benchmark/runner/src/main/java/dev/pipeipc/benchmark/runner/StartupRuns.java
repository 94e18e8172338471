package dev.pipeipc.benchmark.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The startup comparison's launches, in pairs (the plain application and the same with the
 * starter, back to back): wall time to ready, the main thread's CPU time to ready, the classes
 * loaded and the CPU time of all threads, each application as it reported them. The starter's
 * cost is the median of the differences within pairs, which cancels most of the machine's drift;
 * CPU time and classes move far less than wall time with what else the machine runs.
 */
final class StartupRuns {

	private final StartupVariant variant;

	private final List<double[]> plain = new ArrayList<>();

	private final List<double[]> pipe = new ArrayList<>();

	StartupRuns(StartupVariant variant) {
		this.variant = variant;
	}

	/** What was launched next to the plain application. */
	StartupVariant variant() {
		return this.variant;
	}

	/**
	 * Add one pair.
	 * @param plainApp the plain application's launch
	 * @param pipeApp the launch of the application with the starter
	 */
	void add(ServerProcess plainApp, ServerProcess pipeApp) {
		this.plain.add(figures(plainApp));
		this.pipe.add(figures(pipeApp));
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

	List<Double> pipe(int figure) {
		return this.pipe.stream().map((run) -> run[figure]).toList();
	}

	List<Double> differences(int figure) {
		List<Double> differences = new ArrayList<>();
		for (int i = 0; i < this.plain.size(); i++) {
			differences.add(this.pipe.get(i)[figure] - this.plain.get(i)[figure]);
		}
		return differences;
	}

	/**
	 * The Markdown section.
	 * @return the tables of every launch and the medians
	 */
	String render() {
		StringBuilder out = new StringBuilder();
		out.append("\n## Startup to ready (")
			.append(size())
			.append(" pairs of launches, order alternating)\n\n")
			.append("| Figure | plain Spring Boot app, median | ")
			.append(this.variant.label())
			.append(", median | median difference within pairs | differences |\n|---|---:|---:|---:|---|\n");
		row(out, "wall time from launch (ms)", WALL);
		row(out, "main thread CPU time (ms)", MAIN_CPU);
		row(out, "classes loaded", CLASSES);
		row(out, "CPU time of all threads (ms)", PROCESS_CPU);
		return out.toString();
	}

	private void row(StringBuilder out, String label, int figure) {
		out.append("| ")
			.append(label)
			.append(" | ")
			.append(Metric.P50_1.format(Results.median(plain(figure))))
			.append(" | ")
			.append(Metric.P50_1.format(Results.median(pipe(figure))))
			.append(" | ")
			.append(Metric.P50_1.format(Results.median(differences(figure))))
			.append(" | ")
			.append(differences(figure).stream().map(Metric.P50_1::format).collect(Collectors.joining(", ")))
			.append(" |\n");
	}

}
