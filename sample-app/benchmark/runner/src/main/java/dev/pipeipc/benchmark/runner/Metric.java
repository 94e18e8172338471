package dev.pipeipc.benchmark.runner;

/**
 * What the report shows, one row each.
 */
enum Metric {

	P50_1("p50 latency, 1 client, 100 B", "µs", false),

	P99_1("p99 latency, 1 client, 100 B", "µs", false),

	THROUGHPUT_1("throughput, 1 client, 100 B", "req/s", true),

	CLIENT_CPU_1("client CPU per request, 1 client", "µs", false),

	THROUGHPUT_16("throughput, 16 clients, 100 B", "req/s", true),

	CPU_16("server CPU per request, 16 clients", "µs", false),

	CLIENT_CPU_16("client CPU per request, 16 clients", "µs", false),

	P99_16("p99 latency, 16 clients", "µs", false),

	THREADS_REST("server threads at rest (JVM total)", "", false),

	THREADS_16("server threads, peak, 16 clients", "", false),

	THROUGHPUT_256("throughput, 256 clients, 100 B", "req/s", true),

	P99_256("p99 latency, 256 clients", "ms", false),

	ERRORS_256("errors, 256 clients", "", false),

	THREADS_256("server threads, peak, 256 clients", "", false),

	ECHO_1M("1 MiB echo, 1 client", "MB/s", true),

	ECHO_16M("16 MiB echo, 1 client", "MB/s", true),

	CONNECTIONS("connection setup (open, 1 call, close)", "conn/s", true),

	IDLE_HEAP("live heap per idle connection", "KiB", false),

	IDLE_NATIVE("memory outside the heap per idle connection", "KiB", false),

	IDLE_RSS_TOTAL("RSS with the idle connections open", "MiB", false),

	THREADS_IDLE("server threads with the idle connections open", "", false);

	private final String label;

	private final String unit;

	private final boolean higherIsBetter;

	Metric(String label, String unit, boolean higherIsBetter) {
		this.label = label;
		this.unit = unit;
		this.higherIsBetter = higherIsBetter;
	}

	String label() {
		return this.unit.isEmpty() ? this.label : this.label + " (" + this.unit + ")";
	}

	boolean higherIsBetter() {
		return this.higherIsBetter;
	}

	String format(double value) {
		if (Double.isNaN(value)) {
			return "–";
		}
		double magnitude = Math.abs(value);
		if (magnitude >= 1000 || (this.unit.isEmpty() && value == Math.rint(value))) {
			return String.format("%,.0f", value);
		}
		if (magnitude >= 100) {
			return String.format("%.0f", value);
		}
		if (magnitude >= 10) {
			return String.format("%.1f", value);
		}
		return String.format("%.2f", value);
	}

}
