package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The comparison benchmark. Starts each server in its own JVM (the raw JDK floor, the pipe-ipc
 * application with its JSON-RPC and raw pipes, a Spring MVC application and a gRPC server),
 * warms them up, then runs every measurement on every contender in interleaved rounds, rotating
 * the order each round, and prints medians, the targets and every round's value in Markdown.
 * Servers and load share the machine; the load comes from this process, with the same minimal
 * client code for every contender that speaks the same protocol.
 */
public final class ComparisonBenchmark {

	private static final Payload SMALL = Payload.ofSize(100);

	private static final Payload ONE_MIB = Payload.ofSize(1 << 20);

	private static final Payload SIXTEEN_MIB = Payload.ofSize(16 << 20);

	/** Warm-up goes on (up to three times as long) until each server has answered this many calls. */
	private static final long WARMUP_REQUESTS = 20_000;

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
		List<Double> plainStartups = new ArrayList<>();
		List<Double> pipeStartups = new ArrayList<>();
		measureStartup(plainStartups, pipeStartups);
		List<Contender> contenders = new ArrayList<>();
		try {
			startContenders(contenders);
			Map<String, String> titles = new LinkedHashMap<>();
			contenders.forEach((contender) -> titles.put(contender.id(), contender.title()));
			Results results = new Results(List.copyOf(titles.keySet()));
			warmUp(contenders);
			for (int round = 0; round < this.options.rounds(); round++) {
				List<Contender> order = new ArrayList<>(contenders);
				java.util.Collections.rotate(order, -round);
				progress("Round " + (round + 1) + " of " + this.options.rounds());
				runRound(order, results);
			}
			stopServers();
			return new Report(results, titles, plainStartups, pipeStartups).render(Machine.describe(), settings())
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

	private void measureStartup(List<Double> plain, List<Double> pipe) throws IOException {
		if (this.options.startupRuns() > 0) {
			// One untimed launch of each first, so that neither pays for reading its jar from disk.
			ServerProcess.start("plain-app", List.of("-jar", jar("plain-app")), this.work.resolve("plain-app-cold.log"))
				.close();
			ServerProcess.start("echo-pipe", pipeArguments(this.work.resolve("startup")),
					this.work.resolve("echo-pipe-cold.log"))
				.close();
		}
		for (int run = 0; run < this.options.startupRuns(); run++) {
			boolean plainFirst = run % 2 == 0;
			for (int i = 0; i < 2; i++) {
				boolean isPlain = (i == 0) == plainFirst;
				String name = isPlain ? "plain-app" : "echo-pipe";
				List<String> arguments = isPlain ? List.of("-jar", jar("plain-app"))
						: pipeArguments(this.work.resolve("startup"));
				try (ServerProcess app = ServerProcess.start(name, arguments, this.work.resolve(name + "-startup.log"))) {
					(isPlain ? plain : pipe).add(app.startup().toNanos() / 1e6);
				}
			}
			progress("Startup run " + (run + 1) + " of " + this.options.startupRuns() + ": plain "
					+ Math.round(plain.get(run)) + " ms, with pipe-ipc " + Math.round(pipe.get(run)) + " ms");
		}
	}

	private List<String> pipeArguments(Path directory) throws IOException {
		Files.createDirectories(directory);
		return List.of("-jar", jar("echo-pipe"), "--pipe.server.directory=" + directory,
				"--pipe.servers.raw.directory=" + directory);
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
		if (this.options.runs(Contender.PIPE) || this.options.runs(Contender.PIPE_RAW)) {
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
		if (this.options.runs(Contender.MVC)) {
			int port = freePort();
			ServerProcess mvc = start("mvc", List.of("-jar", jar("echo-mvc"), "--server.port=" + port,
					"--server.address=127.0.0.1"));
			contenders.add(new Contender(Contender.MVC, "Spring MVC (Tomcat, TCP)", mvc,
					(payload) -> new HttpConnection(port, payload)));
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
			for (int pass = 0; pass < 3 && (pass == 0 || requests < WARMUP_REQUESTS); pass++) {
				LoadRun.Result run = LoadRun.run(contender.connections(), SMALL, 16, this.options.warmup(),
						contender.server());
				check(contender, run);
				requests += run.requests();
			}
			Duration shorter = this.options.warmup().dividedBy(4);
			check(contender, LoadRun.run(contender.connections(), ONE_MIB, 1, shorter, contender.server()));
			check(contender, LoadRun.run(contender.connections(), SIXTEEN_MIB, 1, shorter, contender.server()));
			LoadRun.connectionRate(contender.connections(), shorter);
		}
	}

	private void runRound(List<Contender> order, Results results) throws IOException, InterruptedException {
		Duration time = this.options.measurement();
		for (Contender contender : order) {
			LoadRun.Result run = measure(contender, SMALL, 1, time);
			results.add(Metric.P50_1, contender.id(), run.percentileMicros(50));
			results.add(Metric.P99_1, contender.id(), run.percentileMicros(99));
			results.add(Metric.THROUGHPUT_1, contender.id(), run.requestsPerSecond());
		}
		for (Contender contender : order) {
			LoadRun.Result run = measure(contender, SMALL, 16, time);
			results.add(Metric.THROUGHPUT_16, contender.id(), run.requestsPerSecond());
			results.add(Metric.CPU_16, contender.id(), run.serverCpuMicrosPerRequest());
			results.add(Metric.P99_16, contender.id(), run.percentileMicros(99));
		}
		for (Contender contender : order) {
			LoadRun.Result run = LoadRun.run(contender.connections(), SMALL, 256, time, contender.server());
			progressRun(contender, run);
			results.add(Metric.THROUGHPUT_256, contender.id(), run.requestsPerSecond());
			results.add(Metric.P99_256, contender.id(), run.percentileMicros(99) / 1e3);
			results.add(Metric.ERRORS_256, contender.id(), run.errors());
		}
		for (Contender contender : order) {
			results.add(Metric.ECHO_1M, contender.id(), measure(contender, ONE_MIB, 1, time).megabytesPerSecond());
		}
		for (Contender contender : order) {
			results.add(Metric.ECHO_16M, contender.id(),
					measure(contender, SIXTEEN_MIB, 1, time.multipliedBy(2)).megabytesPerSecond());
		}
		for (Contender contender : order) {
			double rate = LoadRun.connectionRate(contender.connections(), time);
			progress(String.format("  %-28s %,.0f connections/s", contender.title(), rate));
			results.add(Metric.CONNECTIONS, contender.id(), rate);
		}
		for (Contender contender : order) {
			measureIdleConnections(contender, results);
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
		progress(String.format("  %-28s %-7s x%-3d %,10.0f req/s  p50 %8.1f µs  p99 %9.1f µs  %7.1f MB/s%s",
				contender.title(), run.payload().label(), run.clients(), run.requestsPerSecond(),
				run.percentileMicros(50), run.percentileMicros(99), run.megabytesPerSecond(),
				(run.errors() > 0) ? "  errors " + run.errors() : ""));
	}

	/**
	 * Memory per idle connection, as the difference between half and all of the connections open
	 * (each used once), so that pools and caches filled by the first ones do not count.
	 */
	private void measureIdleConnections(Contender contender, Results results)
			throws IOException, InterruptedException {
		ServerProcess server = contender.server();
		Payload payload = Payload.ofSize(16);
		int count = this.options.idleConnections();
		int half = count / 2;
		List<EchoConnection> connections = new ArrayList<>(count);
		try {
			openIdle(contender, payload, half, connections);
			ServerProcess.Memory before = server.settledMemory();
			openIdle(contender, payload, count - half, connections);
			ServerProcess.Memory after = server.settledMemory();
			int added = count - half;
			double heap = (after.liveHeap() - before.liveHeap()) / 1024.0 / added;
			double outside = (after.outsideHeap() - before.outsideHeap()) / 1024.0 / added;
			results.add(Metric.IDLE_HEAP, contender.id(), heap);
			results.add(Metric.IDLE_NATIVE, contender.id(), outside);
			results.add(Metric.IDLE_RSS_TOTAL, contender.id(), after.resident() / 1024.0 / 1024.0);
			progress(String.format("  %-28s %d idle connections: %.1f KiB heap and %.1f KiB outside it each, RSS %.0f MiB",
					contender.title(), count, heap, outside, after.resident() / 1024.0 / 1024.0));
		}
		finally {
			connections.forEach(LoadRun::closeQuietly);
		}
	}

	private static void openIdle(Contender contender, Payload payload, int count, List<EchoConnection> connections)
			throws IOException {
		for (int i = 0; i < count; i++) {
			EchoConnection connection = contender.connections().open(payload);
			connections.add(connection);
			connection.echo();
		}
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
