package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Closed-loop load: each client has its own connection and thread and sends its next request as
 * soon as the previous answer arrived, for a fixed time. Every latency is kept (no sampling), so
 * percentiles are exact. Connections are opened and used once before the clock starts. Besides the
 * latencies, a run records the CPU time of the server's process and of this one (the clients' cost,
 * which the client libraries differ in) and the most threads the server's process had at once.
 */
final class LoadRun {

	/** How long past its end a run waits for a server that stopped answering. */
	private static final long STALL_NANOS = 30_000_000_000L;

	/** How often the server's thread count is read during a run. */
	private static final long THREAD_SAMPLE_NANOS = 10_000_000L;

	private static final com.sun.management.OperatingSystemMXBean SELF =
			(com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private LoadRun() {
	}

	static Result run(EchoConnection.Factory factory, Payload payload, int clients, Duration duration,
			ServerProcess server) throws IOException, InterruptedException {
		List<EchoConnection> connections = new ArrayList<>(clients);
		try {
			for (int i = 0; i < clients; i++) {
				EchoConnection connection = factory.open(payload);
				connections.add(connection);
				connection.echo();
			}
			CountDownLatch start = new CountDownLatch(1);
			long[][] latencies = new long[clients][];
			int[] counts = new int[clients];
			AtomicLong errors = new AtomicLong();
			AtomicReference<Exception> firstError = new AtomicReference<>();
			long[] window = new long[2];
			Thread[] threads = new Thread[clients];
			for (int i = 0; i < clients; i++) {
				int client = i;
				threads[i] = new Thread(() -> {
					long[] log = new long[1024];
					int count = 0;
					try {
						start.await();
						EchoConnection connection = connections.get(client);
						long deadline = window[0] + duration.toNanos();
						long now = System.nanoTime();
						while (now < deadline) {
							connection.echo();
							long done = System.nanoTime();
							if (count == log.length) {
								log = Arrays.copyOf(log, count * 2);
							}
							log[count++] = done - now;
							now = done;
						}
					}
					catch (Exception ex) {
						errors.incrementAndGet();
						firstError.compareAndSet(null, ex);
					}
					latencies[client] = log;
					counts[client] = count;
				}, "load-client-" + i);
				threads[i].start();
			}
			int threadsBefore = server.threads();
			AtomicInteger peakThreads = new AtomicInteger(threadsBefore);
			Thread sampler = new Thread(() -> {
				while (!Thread.currentThread().isInterrupted()) {
					peakThreads.accumulateAndGet(server.threads(), Math::max);
					LockSupport.parkNanos(THREAD_SAMPLE_NANOS);
				}
			}, "load-thread-sampler");
			sampler.setDaemon(true);
			long cpuBefore = server.cpuNanos();
			long clientCpuBefore = SELF.getProcessCpuTime();
			sampler.start();
			window[0] = System.nanoTime();
			start.countDown();
			long joinDeadline = window[0] + duration.toNanos() + STALL_NANOS;
			for (Thread thread : threads) {
				long left = joinDeadline - System.nanoTime();
				if (left > 0) {
					thread.join(Math.max(1, left / 1_000_000));
				}
			}
			if (Arrays.stream(threads).anyMatch(Thread::isAlive)) {
				// A server that stopped answering: closing the connections fails the waiting clients.
				connections.forEach(LoadRun::closeQuietly);
				for (Thread thread : threads) {
					thread.join();
				}
			}
			window[1] = System.nanoTime();
			long cpu = server.cpuNanos() - cpuBefore;
			long clientCpu = SELF.getProcessCpuTime() - clientCpuBefore;
			sampler.interrupt();
			sampler.join();
			int total = Arrays.stream(counts).sum();
			long[] all = new long[total];
			int at = 0;
			for (int i = 0; i < clients; i++) {
				System.arraycopy(latencies[i], 0, all, at, counts[i]);
				at += counts[i];
			}
			Arrays.sort(all);
			Exception error = firstError.get();
			return new Result(payload, clients, window[1] - window[0], all, errors.get(), cpu, clientCpu,
					threadsBefore, peakThreads.get(), (error != null) ? error.toString() : null);
		}
		finally {
			for (EchoConnection connection : connections) {
				closeQuietly(connection);
			}
		}
	}

	/**
	 * Connections per second: open, one echo, close, in a loop on one thread.
	 */
	static double connectionRate(EchoConnection.Factory factory, Duration duration) throws IOException {
		Payload payload = Payload.ofSize(16);
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		long count = 0;
		long now = start;
		while (now < deadline) {
			try (EchoConnection connection = factory.open(payload)) {
				connection.echo();
			}
			count++;
			now = System.nanoTime();
		}
		return count / ((now - start) / 1e9);
	}

	static void closeQuietly(EchoConnection connection) {
		try {
			connection.close();
		}
		catch (IOException ex) {
			// already broken
		}
	}

	/**
	 * What one run measured.
	 * @param payload the echoed payload
	 * @param clients the number of clients
	 * @param elapsedNanos wall time of the run
	 * @param latencies every request's latency in nanoseconds, sorted
	 * @param errors clients that stopped on an error
	 * @param serverCpuNanos CPU time the server used during the run
	 * @param clientCpuNanos CPU time this process (the clients) used during the run
	 * @param threadsBefore the server's threads before the run
	 * @param peakThreads the most threads the server had during the run, read every 10 ms
	 * @param firstError the first error, if any
	 */
	record Result(Payload payload, int clients, long elapsedNanos, long[] latencies, long errors,
			long serverCpuNanos, long clientCpuNanos, int threadsBefore, int peakThreads, String firstError) {

		long requests() {
			return this.latencies.length;
		}

		double requestsPerSecond() {
			return requests() / (this.elapsedNanos / 1e9);
		}

		double megabytesPerSecond() {
			return requests() * (double) this.payload.size() / (this.elapsedNanos / 1e9) / 1e6;
		}

		double percentileMicros(double percentile) {
			if (this.latencies.length == 0) {
				return Double.NaN;
			}
			int index = (int) Math.ceil(percentile / 100 * this.latencies.length) - 1;
			return this.latencies[Math.max(0, Math.min(index, this.latencies.length - 1))] / 1e3;
		}

		double serverCpuMicrosPerRequest() {
			return (requests() == 0) ? Double.NaN : this.serverCpuNanos / 1e3 / requests();
		}

		double clientCpuMicrosPerRequest() {
			return (requests() == 0) ? Double.NaN : this.clientCpuNanos / 1e3 / requests();
		}

	}

}
