package dev.pipeipc.benchmark.runner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every value measured, per metric, contender and round, and their medians.
 */
final class Results {

	private final Map<Metric, Map<String, List<Double>>> values = new EnumMap<>(Metric.class);

	private final List<String> contenders;

	Results(List<String> contenders) {
		this.contenders = contenders;
	}

	void add(Metric metric, String contender, double value) {
		this.values.computeIfAbsent(metric, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(contender, (key) -> new ArrayList<>())
			.add(value);
	}

	List<String> contenders() {
		return this.contenders;
	}

	List<Double> rounds(Metric metric, String contender) {
		return this.values.getOrDefault(metric, Map.of()).getOrDefault(contender, List.of());
	}

	boolean has(Metric metric) {
		return this.values.containsKey(metric);
	}

	double median(Metric metric, String contender) {
		return median(rounds(metric, contender));
	}

	static double median(List<Double> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
