package dev.pipeipc.benchmark.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test, running in its own JVM. It is ready when it prints {@code benchmark-ready};
 * the time until then is its startup time. The benchmark reads its CPU time, resident set size and
 * live heap from outside, so the servers carry no measuring code.
 */
final class ServerProcess implements AutoCloseable {

	private static final String READY = "benchmark-ready";

	/** How long a server may take to be ready: minutes, on a machine busy with other work. */
	private static final long STARTUP_TIMEOUT_SECONDS = 180;

	/**
	 * Lines such as {@code benchmark-main-cpu-ns 1234} that the Spring Boot applications print
	 * before {@link #READY}: figures about their startup.
	 */
	private static final Pattern FIGURE = Pattern.compile("benchmark-([a-z-]+) (\\d+)");

	private final String name;

	private final Process process;

	private final Duration startup;

	private final Map<String, Long> figures;

	private ServerProcess(String name, Process process, Duration startup, Map<String, Long> figures) {
		this.name = name;
		this.process = process;
		this.startup = startup;
		this.figures = figures;
	}

	/**
	 * Start a JVM with the given arguments (after {@code java}) and wait until it is ready.
	 * @param name how the report names the server
	 * @param javaArguments the JVM options, class path and main class or {@code -jar}, and
	 * program arguments
	 * @param log file that receives the server's output
	 */
	static ServerProcess start(String name, List<String> javaArguments, Path log) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(javaExecutable());
		command.addAll(javaArguments);
		long started = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		CompletableFuture<Void> ready = new CompletableFuture<>();
		Map<String, Long> figures = new ConcurrentHashMap<>();
		Thread reader = new Thread(() -> copyOutput(process, log, ready, figures), name + "-output");
		reader.setDaemon(true);
		reader.start();
		try {
			ready.get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			process.destroyForcibly();
			throw new IOException("The " + name + " server did not become ready; its output is in " + log, ex);
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while starting the " + name + " server", ex);
		}
		return new ServerProcess(name, process, Duration.ofNanos(System.nanoTime() - started), figures);
	}

	private static void copyOutput(Process process, Path log, CompletableFuture<Void> ready,
			Map<String, Long> figures) {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
				var writer = Files.newBufferedWriter(log)) {
			String line;
			while ((line = output.readLine()) != null) {
				Matcher figure = FIGURE.matcher(line);
				if (figure.matches() && !ready.isDone()) {
					figures.put(figure.group(1), Long.parseLong(figure.group(2)));
				}
				if (line.equals(READY)) {
					ready.complete(null);
				}
				writer.write(line);
				writer.newLine();
				writer.flush();
			}
			ready.completeExceptionally(new IOException("The server exited with " + process.waitFor()));
		}
		catch (IOException | InterruptedException ex) {
			ready.completeExceptionally(ex);
		}
	}

	static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	String name() {
		return this.name;
	}

	Duration startup() {
		return this.startup;
	}

	/**
	 * A figure the application printed before it was ready: {@code main-cpu-ns}, the CPU time its
	 * main thread had used, {@code classes}, the classes its JVM had loaded, or
	 * {@code process-cpu-ns}, the CPU time all its threads had used.
	 * @param name the figure's name
	 * @return its value, or {@code -1} for a server that does not print it
	 */
	long figure(String name) {
		return this.figures.getOrDefault(name, -1L);
	}

	/**
	 * CPU time the server's process has used so far, user and system.
	 */
	long cpuNanos() {
		return this.process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
	}

	/**
	 * The process's resident set size, from {@code /proc/<pid>/status}.
	 */
	long residentBytes() throws IOException {
		return status("VmRSS:") * 1024;
	}

	/**
	 * The number of threads in the server's JVM now (its own, the collector's and the compilers'),
	 * from {@code /proc/<pid>/status}; {@code -1} once the process is gone.
	 */
	int threads() {
		try {
			return (int) status("Threads:");
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private long status(String field) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "status"))) {
			if (line.startsWith(field)) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new IOException("No " + field + " in /proc for the " + this.name + " server");
	}

	/**
	 * Memory after a full collection, taken twice half a second apart so that the collector has
	 * returned what it freed: live heap, committed heap and resident set size.
	 */
	Memory settledMemory() throws IOException, InterruptedException {
		liveHeapBytes();
		Thread.sleep(500);
		long live = liveHeapBytes();
		return new Memory(live, committedHeapBytes(), residentBytes());
	}

	/**
	 * The heap the JVM has committed, from {@code jcmd <pid> GC.heap_info} ("total NK").
	 */
	private long committedHeapBytes() throws IOException {
		for (String line : jcmd("GC.heap_info")) {
			Matcher total = HEAP_TOTAL.matcher(line);
			if (total.find()) {
				return Long.parseLong(total.group(1)) * 1024;
			}
		}
		throw new IOException("jcmd gave no heap size for the " + this.name + " server");
	}

	private static final Pattern HEAP_TOTAL = Pattern.compile("total (\\d+)K");

	private List<String> jcmd(String command) throws IOException {
		Process jcmd = new ProcessBuilder(jcmdExecutable().toString(), Long.toString(this.process.pid()), command)
			.redirectErrorStream(true)
			.start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(jcmd.getInputStream(), StandardCharsets.UTF_8))) {
			return output.lines().toList();
		}
	}

	static Path jcmdExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "jcmd");
	}

	/**
	 * A server's memory at one moment.
	 * @param liveHeap bytes of live objects
	 * @param committedHeap bytes the heap has reserved from the operating system
	 * @param resident the process's resident set size
	 */
	record Memory(long liveHeap, long committedHeap, long resident) {

		long outsideHeap() {
			return this.resident - this.committedHeap;
		}

	}

	/**
	 * Live heap after a full collection, as {@code jcmd <pid> GC.class_histogram} totals it.
	 */
	long liveHeapBytes() throws IOException {
		String total = null;
		for (String line : jcmd("GC.class_histogram")) {
			if (line.startsWith("Total ")) {
				total = line;
			}
		}
		if (total == null) {
			throw new IOException("jcmd gave no heap histogram for the " + this.name + " server");
		}
		String[] columns = total.trim().split("\\s+");
		return Long.parseLong(columns[columns.length - 1]);
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
