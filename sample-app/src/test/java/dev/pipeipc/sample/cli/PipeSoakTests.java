package dev.pipeipc.sample.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.sample.OrdersApplication;
import dev.pipeipc.sample.ProcessStatsHandler;
import dev.pipeipc.sample.ProcessStatsHandler.ProcessStats;
import dev.pipeipc.sample.TestSockets;
import dev.pipeipc.sample.cli.SoakRun.Interval;
import dev.pipeipc.sample.cli.SoakRun.ServerSample;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the {@code soak} command ({@link PipeSoak#run}) against the sample app serving its pipe on
 * a socket in a short temporary directory, and the growth check of {@code --check} on figures
 * made up here. Nothing here asserts how fast anything is.
 */
@SpringBootTest(classes = OrdersApplication.class)
@DirtiesContext
class PipeSoakTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Path SOCKET = TestSockets.socketPath("pipe-soak");

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		registry.add("pipe.server.name", SOCKET::toString);
		registry.add(ProcessStatsHandler.ENABLED_PROPERTY, () -> "true");
	}

	@Test
	void shortRunReportsEveryIntervalWithTheServersFiguresAndNoErrors() {
		CommandResult result = CommandResult.run(PipeSoak::run, SOCKET.toString(), "--clients", "2", "--pipeline", "2",
				"--warmup", "0.2", "--duration", "1.5", "--interval", "0.5", "--check", "--json");
		assertThat(result.code()).as(result.toString()).isZero();
		JsonNode report = MAPPER.readTree(result.out());
		assertThat(report.get("intervals")).hasSize(3);
		for (JsonNode interval : report.get("intervals")) {
			assertThat(interval.get("answered").asLong()).isPositive();
			assertThat(interval.get("errors")).isEmpty();
			assertThat(interval.get("p99Nanos").asLong()).isGreaterThanOrEqualTo(interval.get("p50Nanos").asLong());
			JsonNode stats = interval.at("/server/stats");
			assertThat(stats.get("heapUsedBytes").asLong()).isPositive();
			assertThat(stats.get("threads").asInt()).isPositive();
		}
		assertThat(report.get("growth")).isEmpty();
		assertThat(result.err()).contains("soak: 1 s  answered");
	}

	@Test
	void growthPastEachLimitIsNamedWithBothFigures() {
		ProcessStats first = new ProcessStats(100L << 20, 200L << 20, 30, 40);
		ProcessStats grown = new ProcessStats((100L + PipeSoak.HEAP_GROWTH_LIMIT_MIB + 1) << 20,
				(200L + PipeSoak.RESIDENT_GROWTH_LIMIT_MIB + 1) << 20, 30 + PipeSoak.DESCRIPTOR_GROWTH_LIMIT + 1,
				40 + (int) PipeSoak.THREAD_GROWTH_LIMIT + 1);
		List<String> growth = PipeSoak.growth(result(first, grown));
		assertThat(growth).containsExactly("open descriptors grew from 30 to 41, more than the limit of 10",
				"threads grew from 40 to 51, more than the limit of 10",
				"heap in use (MiB) grew from 100 to 117, more than the limit of 16",
				"resident memory (MiB) grew from 200 to 265, more than the limit of 64");
	}

	@Test
	void growthUpToEachLimitPasses() {
		ProcessStats first = new ProcessStats(100L << 20, 200L << 20, 30, 40);
		ProcessStats atLimits = new ProcessStats((100L + PipeSoak.HEAP_GROWTH_LIMIT_MIB) << 20,
				(200L + PipeSoak.RESIDENT_GROWTH_LIMIT_MIB) << 20, 30 + PipeSoak.DESCRIPTOR_GROWTH_LIMIT,
				40 + (int) PipeSoak.THREAD_GROWTH_LIMIT);
		assertThat(PipeSoak.growth(result(first, atLimits))).isEmpty();
	}

	@Test
	void serverThatCouldNotBeSampledFailsTheCheck() {
		ProcessStats first = new ProcessStats(100L << 20, 200L << 20, 30, 40);
		assertThat(PipeSoak.growth(result(first, null))).singleElement().asString().contains("could not be sampled");
	}

	@Test
	void intervalLongerThanTheDurationIsAUsageError() {
		CommandResult result = CommandResult.run(PipeSoak::run, "orders", "--duration", "5", "--interval", "10");
		assertThat(result.code()).isEqualTo(PipeCall.USAGE);
		assertThat(result.err()).contains("--interval (10.0 s) must not be longer than --duration (5.0 s)");
	}

	private static SoakRun.Result result(ProcessStats first, ProcessStats last) {
		ServerSample start = new ServerSample(first, null);
		ServerSample end = (last != null) ? new ServerSample(last, null) : new ServerSample(null, "timeout");
		return new SoakRun.Result(start, List.of(new Interval(1, 10, 100, Map.of(), 1000, 2000, 3000, start),
				new Interval(2, 20, 100, Map.of(), 1000, 2000, 3000, end)));
	}

}
