package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The comparison benchmark. Starts each server in its own JVM (the raw JDK floor, with a thread per
 * connection and with selector threads, the pipe-ipc application with its JSON-RPC and raw pipes, a
 * Spring MVC application and a gRPC server), warms them up, then runs every measurement on every
 * contender in interleaved rounds, rotating the order each round, and prints medians, the targets
 * and every round's value in Markdown. Servers and load share the machine; the load comes from this
 * process, with the same minimal client code for every contender that speaks the same protocol, and
 * for pipe-ipc and Spring MVC also through their own clients ({@code PipeClient}, a
 * {@code @PipeExchange} proxy, {@code RestClient}), so the report shows what an application gets.
 */
public final class ComparisonBenchmark {

	private static final Payload SMALL = Payload.ofSize(100);

	private static final Payload ONE_MIB = Payload.ofSize(1 << 20);

	private static final Payload SIXTEEN_MIB = Payload.ofSize(16 << 20);

	/**
	 * Warm-up goes on (up to three times as long) until each server has answered this many calls per
	 * second of warm-up asked for (20,000 for the default 5 s).
	 */
	private static final long WARMUP_REQUESTS_PER_SECOND = 4_000;

	private final List<ServerProcess> servers = new CopyOnWriteArrayList<>();

	private final BenchmarkOptions options;

	private final Path applications;

	private final Path work;

	private ComparisonBenchmark(BenchmarkOptions options, Path applications, Path work) {
		this.options = options;
		this.applications = applications;
		this.work = work;
	}

	public static void main(String[] args) throws Exception {
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(64);
			return;
		}
		if (!Files.isExecutable(ServerProcess.jcmdExecutable())) {
			System.err.println("No jcmd in " + System.getProperty("java.home") + ": the benchmark reads the servers' "
					+ "heap with it, so run it with a full JDK rather than a runtime.");
			System.exit(1);
			return;
		}
		Path work = Files.createTempDirectory("pipe-ipc-benchmark");
		ComparisonBenchmark benchmark = new ComparisonBenchmark(options, applicationsDirectory(), work);
		Runtime.getRuntime().addShutdownHook(new Thread(benchmark::stopServers, "benchmark-stop-servers"));
		int exit = 0;
		try {
			String report = benchmark.run();
			System.out.println(report);
			if (options.output() != null) {
				Files.writeString(options.output(), report);
				progress("Report written to " + options.output());
			}
		}
		catch (Exception ex) {
			System.err.println("The benchmark failed: " + ex.getMessage());
			ex.printStackTrace();
			exit = 1;
		}
		finally {
			try (Stream<Path> files = Files.walk(work)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
		// gRPC's client threads and the servers' output readers must not keep the JVM alive.
		System.exit(exit);
	}

	private void stopServers() {
		this.servers.forEach(ServerProcess::close);
	}

	private String run() throws Exception {
		if (this.options.only().equals(List.of(StreamBenchmark.ID))) {
			return "## Machine\n\n" + Machine.describe() + "\n" + streams();
		}
		StartupRuns startups = new StartupRuns(this.options.startupVariants());
		new StartupComparison(this.options.startupRuns(), this::jar, this.work).measure(startups);
		List<Contender> contenders = new ArrayList<>();
		try {
			startContenders(contenders);
			Map<String, String> titles = new LinkedHashMap<>();
			contenders.forEach((contender) -> titles.put(contender.id(), contender.title()));
			Results results = new Results(List.copyOf(titles.keySet()));
			warmUp(contenders);
			for (int round = 0; round < this.options.rounds(); round++) {
				List<Contender> order = new ArrayList<>(contenders);
				Collections.rotate(order, -round);
				progress("Round " + (round + 1) + " of " + this.options.rounds());
				runRound(order, results);
			}
			stopServers();
			return new Report(results, titles, startups).render(Machine.describe(), settings())
					+ (this.options.runs(StreamBenchmark.ID) ? streams() : "");
		}
		finally {
			stopServers();
		}
	}

	private String streams() throws Exception {
		return new StreamBenchmark(this.options.streamItems(), this.options.rounds(), this.work, jar("echo-pipe")).run();
	}

	private String settings() {
		return String.format(
				"%d interleaved rounds of %.1f s measurements (16 MiB: twice as long) after at least %.1f s of warm-up"
						+ " per server; %d idle connections; closed-loop clients (each sends its next request when the"
						+ " previous answer arrived). Every server runs with its defaults, except message size limits"
						+ " raised to 64 MiB; Tomcat's default of 100 requests per keep-alive connection stays, so 1%% of"
						+ " Spring MVC requests include a reconnect. MB/s counts the payload one way, 10^6 bytes per MB.",
				this.options.rounds(), this.options.measurement().toMillis() / 1e3,
				this.options.warmup().toMillis() / 1e3, this.options.idleConnections());
	}

	private List<String> pipeArguments(Path directory) throws IOException {
		Files.createDirectories(directory);
		return StartupVariant.SERVERS.arguments(jar("plain-app"), jar("echo-pipe"), directory);
	}

	private void startContenders(List<Contender> contenders) throws IOException {
		String classPath = System.getProperty("java.class.path");
		if (this.options.runs(Contender.FLOOR)) {
			Path socket = this.work.resolve("floor.sock");
			ServerProcess floor = start("floor",
					List.of("-cp", classPath, FloorServer.class.getName(), socket.toString()));
			contenders.add(new Contender(Contender.FLOOR, "floor (raw JDK)", floor,
					(payload) -> new ContentLengthConnection(socket, payload)));
		}
		if (this.options.runs(Contender.FLOOR_SELECTOR)) {
			Path socket = this.work.resolve("floor-selector.sock");
			ServerProcess floor = start("floor-selector",
					List.of("-cp", classPath, SelectorFloorServer.class.getName(), socket.toString()));
			contenders.add(new Contender(Contender.FLOOR_SELECTOR, "floor, selector (raw JDK)", floor,
					(payload) -> new ContentLengthConnection(socket, payload)));
		}
		if (Stream.of(Contender.PIPE, Contender.PIPE_RAW, Contender.PIPE_CLIENT, Contender.PIPE_EXCHANGE)
			.anyMatch(this.options::runs)) {
			Path directory = this.work.resolve("pipes");
			ServerProcess pipe = start("pipe-ipc", pipeArguments(directory));
			if (this.options.runs(Contender.PIPE)) {
				contenders.add(new Contender(Contender.PIPE, "pipe-ipc JSON-RPC", pipe,
						(payload) -> new ContentLengthConnection(directory.resolve("bench-json.sock"), payload)));
			}
			if (this.options.runs(Contender.PIPE_RAW)) {
				contenders.add(new Contender(Contender.PIPE_RAW, "pipe-ipc raw", pipe,
						(payload) -> new LengthPrefixConnection(directory.resolve("bench-raw.sock"), payload)));
			}
			if (this.options.runs(Contender.PIPE_CLIENT)) {
				contenders.add(new Contender(Contender.PIPE_CLIENT, "pipe-ipc, PipeClient", pipe,
						(payload) -> new PipeClientConnection(directory, "bench-json", false, payload), false));
			}
			if (this.options.runs(Contender.PIPE_EXCHANGE)) {
				contenders.add(new Contender(Contender.PIPE_EXCHANGE, "pipe-ipc, @PipeExchange", pipe,
						(payload) -> new PipeClientConnection(directory, "bench-json", true, payload), false));
			}
		}
		for (String observed : List.of(Contender.PIPE_OBSERVED, Contender.PIPE_OBSERVED_OFF)) {
			if (this.options.runs(observed)) {
				boolean on = observed.equals(Contender.PIPE_OBSERVED);
				Path directory = this.work.resolve(observed);
				Files.createDirectories(directory);
				ServerProcess pipe = start(observed, List.of("-jar", jar("echo-pipe-observed"),
						"--pipe.server.directory=" + directory, "--pipe.servers.raw.directory=" + directory,
						"--management.observations.enable.pipe=" + on));
				contenders.add(new Contender(observed,
						"pipe-ipc JSON-RPC, actuator, observations " + (on ? "on" : "off"), pipe,
						(payload) -> new ContentLengthConnection(directory.resolve("bench-json.sock"), payload)));
			}
		}
		if (this.options.runs(Contender.MVC) || this.options.runs(Contender.MVC_REST_CLIENT)) {
			int port = freePort();
			ServerProcess mvc = start("mvc", List.of("-jar", jar("echo-mvc"), "--server.port=" + port,
					"--server.address=127.0.0.1"));
			if (this.options.runs(Contender.MVC)) {
				contenders.add(new Contender(Contender.MVC, "Spring MVC (Tomcat, TCP)", mvc,
						(payload) -> new HttpConnection(port, payload)));
			}
			if (this.options.runs(Contender.MVC_REST_CLIENT)) {
				contenders.add(new Contender(Contender.MVC_REST_CLIENT, "Spring MVC, RestClient", mvc,
						RestClientConnection.factory(port), false));
			}
		}
		if (this.options.runs(Contender.GRPC)) {
			Path socket = this.work.resolve("grpc.sock");
			ServerProcess grpc = start("grpc",
					List.of("--enable-native-access=ALL-UNNAMED", "-cp", classPath, GrpcEchoServer.class.getName(),
							socket.toString()));
			contenders.add(new Contender(Contender.GRPC, "gRPC (Netty epoll, UDS)", grpc,
					(payload) -> new GrpcConnection(socket, payload)));
		}
	}

	private ServerProcess start(String name, List<String> arguments) throws IOException {
		ServerProcess server = ServerProcess.start(name, arguments, this.work.resolve(name + ".log"));
		this.servers.add(server);
		progress("Started " + name + " in " + server.startup().toMillis() + " ms");
		return server;
	}

	private void warmUp(List<Contender> contenders) throws IOException, InterruptedException {
		if (this.options.warmup().isZero()) {
			return;
		}
		for (Contender contender : contenders) {
			progress("Warming up " + contender.title());
			long requests = 0;
			long enough = WARMUP_REQUESTS_PER_SECOND * this.options.warmup().toMillis() / 1000;
			for (int pass = 0; pass < 3 && (pass == 0 || requests < enough); pass++) {
				LoadRun.Result run = LoadRun.run(contender.connections(), SMALL, 16, this.options.warmup(),
						contender.server());
				check(contender, run);
				requests += run.requests();
			}
			Duration shorter = this.options.warmup().dividedBy(4);
			check(contender, LoadRun.run(contender.connections(), ONE_MIB, 1, shorter, contender.server()));
			check(contender, LoadRun.run(contender.connections(), SIXTEEN_MIB, 1, shorter, contender.server()));
			if (contender.serverOnly()) {
				LoadRun.connectionRate(contender.connections(), shorter);
			}
		}
	}

	private void runRound(List<Contender> order, Results results) throws IOException, InterruptedException {
		Duration time = this.options.measurement();
		for (Contender contender : order) {
			LoadRun.Result run = measure(contender, SMALL, 1, time);
			results.add(Metric.P50_1, contender.id(), run.percentileMicros(50));
			results.add(Metric.P99_1, contender.id(), run.percentileMicros(99));
			results.add(Metric.THROUGHPUT_1, contender.id(), run.requestsPerSecond());
			results.add(Metric.CLIENT_CPU_1, contender.id(), run.clientCpuMicrosPerRequest());
		}
		for (Contender contender : order) {
			LoadRun.Result run = measure(contender, SMALL, 16, time);
			results.add(Metric.THROUGHPUT_16, contender.id(), run.requestsPerSecond());
			results.add(Metric.CPU_16, contender.id(), run.serverCpuMicrosPerRequest());
			results.add(Metric.P99_16, contender.id(), run.percentileMicros(99));
			results.add(Metric.CLIENT_CPU_16, contender.id(), run.clientCpuMicrosPerRequest());
			results.add(Metric.THREADS_REST, contender.id(), run.threadsBefore());
			results.add(Metric.THREADS_16, contender.id(), run.peakThreads());
		}
		for (Contender contender : order) {
			LoadRun.Result run = LoadRun.run(contender.connections(), SMALL, 256, time, contender.server());
			progressRun(contender, run);
			results.add(Metric.THROUGHPUT_256, contender.id(), run.requestsPerSecond());
			results.add(Metric.P99_256, contender.id(), run.percentileMicros(99) / 1e3);
			results.add(Metric.ERRORS_256, contender.id(), run.errors());
			results.add(Metric.THREADS_256, contender.id(), run.peakThreads());
		}
		for (Contender contender : order) {
			results.add(Metric.ECHO_1M, contender.id(), measure(contender, ONE_MIB, 1, time).megabytesPerSecond());
		}
		for (Contender contender : order) {
			results.add(Metric.ECHO_16M, contender.id(),
					measure(contender, SIXTEEN_MIB, 1, time.multipliedBy(2)).megabytesPerSecond());
		}
		for (Contender contender : order) {
			if (!contender.serverOnly()) {
				continue;
			}
			double rate = LoadRun.connectionRate(contender.connections(), time);
			progress(String.format("  %-28s %,.0f connections/s", contender.title(), rate));
			results.add(Metric.CONNECTIONS, contender.id(), rate);
		}
		for (Contender contender : order) {
			if (contender.serverOnly()) {
				IdleConnections.measure(contender, this.options.idleConnections(), results);
			}
		}
	}

	private LoadRun.Result measure(Contender contender, Payload payload, int clients, Duration time)
			throws IOException, InterruptedException {
		LoadRun.Result run = LoadRun.run(contender.connections(), payload, clients, time, contender.server());
		check(contender, run);
		return run;
	}

	private static void check(Contender contender, LoadRun.Result run) throws IOException {
		progressRun(contender, run);
		if (run.errors() > 0) {
			throw new IOException(contender.title() + " failed " + run.errors() + " of " + run.clients()
					+ " clients with " + run.payload().label() + ": " + run.firstError());
		}
	}

	private static void progressRun(Contender contender, LoadRun.Result run) {
		progress(String.format(
				"  %-28s %-7s x%-3d %,10.0f req/s  p50 %8.1f µs  p99 %9.1f µs  %7.1f MB/s  client CPU %6.1f µs/req"
						+ "  server threads %d -> %d%s",
				contender.title(), run.payload().label(), run.clients(), run.requestsPerSecond(),
				run.percentileMicros(50), run.percentileMicros(99), run.megabytesPerSecond(),
				run.clientCpuMicrosPerRequest(), run.threadsBefore(), run.peakThreads(),
				(run.errors() > 0) ? "  errors " + run.errors() : ""));
	}

	private String jar(String application) {
		Path jar = this.applications.resolve(application).resolve("target").resolve(application + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No " + jar + "; build the benchmark first (mvn package).");
		}
		return jar.toString();
	}

	/**
	 * The benchmark's module directory: this jar is {@code <benchmark>/runner/target/benchmark.jar}.
	 */
	private static Path applicationsDirectory() throws URISyntaxException {
		Path location = Path.of(ComparisonBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		return location.getParent().getParent().getParent();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static void progress(String message) {
		System.err.println(message);
	}

}
