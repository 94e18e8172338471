package dev.pipeipc.sample.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.sample.OrdersApplication;
import dev.pipeipc.sample.TestSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests the {@code bench} command ({@link PipeBench#run}) against the sample app serving its pipe
 * on a socket in a short temporary directory, and its {@link LatencyHistogram}. Nothing here
 * asserts how fast anything is.
 */
@SpringBootTest(classes = OrdersApplication.class)
@DirtiesContext
class PipeBenchTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Path SOCKET = TestSockets.socketPath("pipe-bench");

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		// A name containing '/' is the socket path itself.
		registry.add("pipe.server.name", SOCKET::toString);
	}

	// ---------------------------------------------------------------- histogram

	@Test
	void histogramPercentilesOfSmallValuesAreExact() {
		LatencyHistogram histogram = new LatencyHistogram();
		List<Long> values = new java.util.ArrayList<>();
		for (long v = 1; v <= 1000; v++) {
			values.add(v);
		}
		java.util.Collections.shuffle(values, new Random(42));
		values.forEach(histogram::record);
		assertThat(histogram.count()).isEqualTo(1000);
		assertThat(histogram.valueAtPercentile(50)).isEqualTo(500);
		assertThat(histogram.valueAtPercentile(90)).isEqualTo(900);
		assertThat(histogram.valueAtPercentile(99)).isEqualTo(990);
		assertThat(histogram.valueAtPercentile(99.9)).isEqualTo(999);
		assertThat(histogram.valueAtPercentile(100)).isEqualTo(1000);
		assertThat(histogram.valueAtPercentile(0)).isEqualTo(1);
		assertThat(histogram.min()).isEqualTo(1);
		assertThat(histogram.max()).isEqualTo(1000);
		assertThat(histogram.mean()).isEqualTo(500.5);
	}

	@Test
	void histogramPercentilesOfLargeValuesAreWithinATenthOfAPercent() {
		LatencyHistogram histogram = new LatencyHistogram();
		// 1 ms to 100 s in nanoseconds: 100,000 values, 1 ms apart.
		for (long i = 1; i <= 100_000; i++) {
			histogram.record(i * 1_000_000);
		}
		assertThat((double) histogram.valueAtPercentile(50)).isCloseTo(50_000e6, within(50e6));
		assertThat((double) histogram.valueAtPercentile(90)).isCloseTo(90_000e6, within(90e6));
		assertThat((double) histogram.valueAtPercentile(99)).isCloseTo(99_000e6, within(99e6));
		assertThat((double) histogram.valueAtPercentile(99.9)).isCloseTo(99_900e6, within(99.9e6));
		assertThat(histogram.max()).isEqualTo(100_000_000_000L);
		assertThat(histogram.valueAtPercentile(100)).isEqualTo(100_000_000_000L);
		assertThat(histogram.mean()).isEqualTo(50_000.5e6);
	}

	@Test
	void histogramTailAndMergeFollowTheCounts() {
		LatencyHistogram fast = new LatencyHistogram();
		LatencyHistogram slow = new LatencyHistogram();
		for (int i = 0; i < 990; i++) {
			fast.record(100_000);
		}
		for (int i = 0; i < 10; i++) {
			slow.record(5_000_000 + i);
		}
		fast.add(slow);
		assertThat(fast.count()).isEqualTo(1000);
		assertThat((double) fast.valueAtPercentile(99)).isCloseTo(100_000, within(100.0));
		assertThat((double) fast.valueAtPercentile(99.9)).isCloseTo(5_000_009, within(5_000.0));
		assertThat(fast.max()).isEqualTo(5_000_009);
		assertThat(fast.min()).isEqualTo(100_000);
		assertThat(new LatencyHistogram().valueAtPercentile(99)).isZero();
	}

	@Test
	void histogramBucketsCoverEveryValueWithoutGaps() {
		long[] samples = { 0, 1, 2047, 2048, 2049, 4095, 4096, 1_000_000, 123_456_789_012L, Long.MAX_VALUE };
		for (long value : samples) {
			int index = LatencyHistogram.index(value);
			assertThat(LatencyHistogram.lowestEquivalentValue(index)).isLessThanOrEqualTo(value);
			assertThat(LatencyHistogram.highestEquivalentValue(index)).isGreaterThanOrEqualTo(value);
			assertThat(LatencyHistogram.highestEquivalentValue(index) - LatencyHistogram.lowestEquivalentValue(index))
				.isLessThanOrEqualTo(value / 1024);
		}
		for (int index = 1; index < LatencyHistogram.index(Long.MAX_VALUE); index++) {
			assertThat(LatencyHistogram.lowestEquivalentValue(index))
				.isEqualTo(LatencyHistogram.highestEquivalentValue(index - 1) + 1);
		}
	}

	// ---------------------------------------------------------------- runs

	@Test
	void shortPipelinedRunAnswersEveryCallAndReportsAsJson() {
		CommandResult result = bench("--requests", "2000", "--clients", "4", "--pipeline", "8", "--warmup", "0", "--json",
				SOCKET.toString());
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeBench.OK);
		JsonNode report = MAPPER.readTree(result.out());
		assertThat(result.out()).hasLineCount(1);
		assertThat(report.get("requests").asLong()).isEqualTo(2000);
		assertThat(report.get("ok").asLong()).isEqualTo(2000);
		assertThat(report.get("errors").get("total").asLong()).isZero();
		assertThat(report.get("errors").get("byKind").isEmpty()).isTrue();
		assertThat(report.get("durationSeconds").asDouble()).isPositive();
		assertThat(report.get("throughput").get("requestsPerSecond").asDouble()).isPositive();
		assertThat(report.get("throughput").has("payloadMegabytesPerSecond")).isTrue();
		JsonNode latency = report.get("latencyMicros");
		assertThat(latency.get("count").asLong()).isEqualTo(2000);
		for (String field : List.of("min", "p50", "p90", "p99", "p99.9", "max", "mean")) {
			assertThat(latency.get(field).asDouble()).as(field).isPositive();
		}
		assertThat(latency.get("p50").asDouble()).isLessThanOrEqualTo(latency.get("p90").asDouble());
		assertThat(latency.get("p90").asDouble()).isLessThanOrEqualTo(latency.get("p99").asDouble());
		assertThat(latency.get("p99").asDouble()).isLessThanOrEqualTo(latency.get("p99.9").asDouble());
		assertThat(latency.get("p99.9").asDouble()).isLessThanOrEqualTo(latency.get("max").asDouble());
		JsonNode settings = report.get("settings");
		assertThat(settings.get("pipe").asString()).isEqualTo(SOCKET.toString());
		assertThat(settings.get("method").asString()).isEqualTo("orders.find");
		assertThat(settings.get("clients").asInt()).isEqualTo(4);
		assertThat(settings.get("pipeline").asInt()).isEqualTo(8);
		assertThat(settings.get("requests").asLong()).isEqualTo(2000);
		assertThat(settings.get("durationSeconds").isNull()).isTrue();
		assertThat(settings.get("warmupSeconds").asDouble()).isZero();
		assertThat(settings.get("framing").asString()).isEqualTo("content-length");
	}

	@Test
	void payloadIsEchoedAndReportedAsText() {
		CommandResult result = bench("--payload", "1000", "--duration", "0.5", "--warmup", "0.2", "--clients", "2",
				"--pipeline", "4", "--directory", SOCKET.getParent().toString(), "orders");
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeBench.OK);
		assertThat(result.out()).contains("  pipe        " + SOCKET + " (content-length)")
			.contains("  method      bench.echo, payload 1000 bytes")
			.contains("  load        2 clients x pipeline 4 = 8 calls in flight")
			.contains("  run         0.5 s after 0.2 s warmup")
			.contains("  errors      0\n")
			.containsPattern("  throughput  [0-9.]+ req/s, [0-9.]+ MB/s of payload")
			.containsPattern("  latency us   p50 [0-9.]+  p90 [0-9.]+  p99 [0-9.]+  p99.9 [0-9.]+  max [0-9.]+");
		try (PipeClient client = PipeClient.builder(SOCKET.toString()).build()) {
			assertThat(client.call("bench.echo", List.of("abc"), String.class)).isEqualTo("abc");
		}
	}

	@Test
	void errorAnswersAreCountedByKind() {
		CommandResult result = bench("--method", "bench.nope", "--requests", "50", "--pipeline", "5", "--warmup", "0",
				"--quiet", SOCKET.toString());
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeBench.RPC_ERROR);
		assertThat(result.err()).isEmpty();
		assertThat(result.out()).contains("  requests    50\n").contains("  errors      50\n").contains("error -32601");
	}

	@Test
	void plainClientStoppedByAnErrorInTheWarmupSaysSo() {
		CommandResult result = bench("--client", "plain", "--method", "bench.nope", "--duration", "0.3", "--warmup",
				"0.2", "--quiet", SOCKET.toString());
		assertThat(result.code()).as(result.toString()).isNotEqualTo(PipeBench.OK);
		assertThat(result.out()).contains("  errors      1\n").contains("did not answer with a result");
	}

	@Test
	void missingPipeCannotConnect() throws IOException {
		Path directory = Files.createTempDirectory(SOCKET.getParent(), "none");
		try {
			Path expected = directory.resolve("nobody.sock");
			CommandResult result = bench("--directory", directory.toString(), "--requests", "10", "--timeout", "0.5",
					"nobody");
			assertThat(result.code()).as(result.toString()).isEqualTo(PipeBench.CONNECT_FAILED);
			assertThat(result.out()).isEmpty();
			assertThat(result.err()).hasLineCount(1)
				.startsWith("bench: cannot connect to " + expected + " (pipe 'nobody'): ")
				.contains("is the server running?");
		}
		finally {
			Files.delete(directory);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "--requests|10", "orders|extra", "--bogus|orders", "--clients|0|orders",
			"--clients|many|orders", "--pipeline|-1|orders", "--requests|0|orders", "--requests|10|--duration|2|orders",
			"--duration|0|orders", "--warmup|-1|orders", "--timeout|soon|orders", "--payload|-5|orders",
			"--payload|10|--params|[1]|orders", "--params|42|orders", "--params|{|orders", "--framing|xml|orders",
			"--json=yes|orders", "orders|--clients", "--method||orders" })
	void badUsageExits64(String joined) {
		String[] args = joined.isEmpty() ? new String[0] : joined.split("\\|", -1);
		CommandResult result = bench(args);
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeBench.USAGE);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).startsWith("bench: ").contains("Usage: java -jar sample-app-0.1.0-SNAPSHOT.jar bench");
	}

	@Test
	void helpPrintsUsageOnStandardOutput() {
		CommandResult result = bench("--help");
		assertThat(result.code()).isEqualTo(PipeBench.OK);
		assertThat(result.out()).isEqualTo(PipeBench.USAGE_TEXT);
		assertThat(result.err()).isEmpty();
	}

	private static CommandResult bench(String... args) {
		return CommandResult.run(PipeBench::run, args);
	}

}
