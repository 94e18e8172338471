package dev.pipeipc.sample.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

import dev.pipeipc.codec.Framing;

import static dev.pipeipc.sample.cli.CliArguments.MAPPER;

/**
 * The report of one {@code bench} run, as text for people or as one JSON object for scripts:
 * the settings, the requests and errors, throughput and latency percentiles in microseconds.
 */
final class BenchReport {

	/** The percentiles reported, with their names. */
	static final Map<String, Double> PERCENTILES = percentiles();

	private BenchReport() {
	}

	static String text(BenchSettings settings, String address, BenchRun.Result result) {
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

	static ObjectNode json(BenchSettings settings, String address, BenchRun.Result result) {
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

	private static double megabytesPerSecond(BenchSettings settings, BenchRun.Result result) {
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
		Map<String, Double> percentiles = new LinkedHashMap<>();
		percentiles.put("p50", 50.0);
		percentiles.put("p90", 90.0);
		percentiles.put("p99", 99.0);
		percentiles.put("p99.9", 99.9);
		return Collections.unmodifiableMap(percentiles);
	}

	/**
	 * Appends one formatted line.
	 */
	@FunctionalInterface
	private interface Formatter {

		void add(String format, Object... values);

	}

}
