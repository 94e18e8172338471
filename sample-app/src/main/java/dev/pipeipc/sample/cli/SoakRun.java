package dev.pipeipc.sample.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeClosedException;
import dev.pipeipc.client.PipeConnectException;
import dev.pipeipc.client.PipeTimeoutException;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.sample.ProcessStatsHandler;
import dev.pipeipc.sample.ProcessStatsHandler.ProcessStats;

/**
 * One soak run: {@code clients} connections keep {@code pipeline} {@code bench.echo} calls in
 * flight each, for the whole duration; at the end of every interval the calls answered in it are
 * summed up (count, errors by kind, latency percentiles) and the server is sampled through its
 * {@code bench.stats} method on a connection of its own, so a slow or leaking server shows as
 * drift from one interval to the next.
 */
final class SoakRun {

	/** Error kind of calls that got no answer within the timeout. */
	static final String TIMEOUT = "timeout";

	/** Error kind of calls whose connection was lost. */
	static final String CONNECTION_LOST = "connection lost";

	private static final String ECHO = "bench.echo";

	private static final String STATS = "bench.stats";

	private final SoakSettings settings;

	private final JsonMapper mapper;

	private final @Nullable PrintStream progress;

	private final AtomicReference<Tally> current = new AtomicReference<>(new Tally());

	private final AtomicLong inFlight = new AtomicLong();

	private volatile boolean stopped;

	SoakRun(SoakSettings settings, JsonMapper mapper, @Nullable PrintStream progress) {
		this.settings = settings;
		this.mapper = mapper;
		this.progress = progress;
	}

	/**
	 * Connect, run, and close every connection.
	 * @return the server before the first interval, and every interval
	 * @throws PipeConnectException if a connection cannot be made
	 */
	Result run() throws InterruptedException {
		List<PipeClient> clients = new ArrayList<>();
		try {
			PipeClient stats = connect();
			clients.add(stats);
			List<PipeClient> load = new ArrayList<>();
			for (int i = 0; i < this.settings.clients(); i++) {
				PipeClient client = connect();
				clients.add(client);
				load.add(client);
			}
			return measure(stats, load);
		}
		finally {
			this.stopped = true;
			clients.forEach(PipeClient::close);
		}
	}

	private PipeClient connect() {
		PipeClient client = PipeClient.builder(this.settings.pipe())
			.directory(this.settings.directory())
			.framing(this.settings.framing())
			.mapper(this.mapper)
			.connectTimeout(PipeCall.CONNECT_TIMEOUT)
			.requestTimeout(this.settings.timeout())
			.maxMessageSize(Integer.MAX_VALUE)
			.build();
		client.connect();
		return client;
	}

	private Result measure(PipeClient stats, List<PipeClient> load) throws InterruptedException {
		List<Object> params = List.of("p".repeat(this.settings.payloadBytes()));
		CountDownLatch finished = new CountDownLatch(load.size());
		for (int i = 0; i < load.size(); i++) {
			PipeClient client = load.get(i);
			Thread driver = new Thread(() -> {
				try {
					keepCalling(client, params);
				}
				finally {
					finished.countDown();
				}
			}, "soak-client-" + (i + 1));
			driver.setDaemon(true);
			driver.start();
		}
		CountDownLatch never = new CountDownLatch(1);
		never.await(this.settings.warmup().toMillis(), TimeUnit.MILLISECONDS);
		this.current.set(new Tally());
		long start = System.nanoTime();
		ServerSample before = sample(stats);
		List<Interval> intervals = new ArrayList<>();
		long intervalNanos = this.settings.interval().toNanos();
		long end = start + this.settings.duration().toNanos();
		for (long next = start + intervalNanos; next - end <= 0 || intervals.isEmpty(); next += intervalNanos) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				never.await(wait, TimeUnit.NANOSECONDS);
			}
			if (next + intervalNanos - end > 0) {
				// The last interval also takes the answers to the calls still in flight.
				this.stopped = true;
				finished.await(this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
				awaitNoneInFlight(never);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			Tally tally = this.current.getAndSet(new Tally());
			// Sampled outside the tally's lock: the server's collection must not hold up the answers.
			ServerSample server = sample(stats);
			Interval interval;
			synchronized (tally) {
				interval = tally.toInterval(intervals.size() + 1, seconds, server);
			}
			intervals.add(interval);
			if (this.progress != null) {
				this.progress.println("soak: " + interval.describe());
				this.progress.flush();
			}
		}
		return new Result(before, intervals);
	}

	/**
	 * Wait for the answers to the calls in flight; the request timeout bounds each of them.
	 */
	private void awaitNoneInFlight(CountDownLatch never) throws InterruptedException {
		long deadline = System.nanoTime() + this.settings.timeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
		while (this.inFlight.get() > 0 && deadline - System.nanoTime() > 0) {
			never.await(10, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Keep {@code pipeline} calls in flight on one connection until the run stops or the
	 * connection is lost.
	 */
	private void keepCalling(PipeClient client, List<Object> params) {
		Semaphore slots = new Semaphore(this.settings.pipeline());
		while (!this.stopped) {
			try {
				if (!slots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
					continue;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			long sent = System.nanoTime();
			this.inFlight.incrementAndGet();
			CompletableFuture<Void> call = client.callAsync(ECHO, params, Void.class);
			call.whenComplete((result, ex) -> {
				long answered = System.nanoTime();
				String kind = (ex != null) ? kind(ex) : null;
				boolean recorded = false;
				while (!recorded) {
					// A tally closed between get and lock belongs to a reported interval: use the next.
					Tally tally = this.current.get();
					synchronized (tally) {
						recorded = tally.record(answered - sent, kind);
					}
				}
				this.inFlight.decrementAndGet();
				slots.release();
			});
		}
	}

	/**
	 * What the server holds now, or why it could not tell.
	 */
	private ServerSample sample(PipeClient stats) {
		try {
			return new ServerSample(stats.call(STATS, List.of(this.settings.collect()), ProcessStats.class), null);
		}
		catch (JsonRpcException ex) {
			String hint = (ex.getCode() == JsonRpcErrorCodes.METHOD_NOT_FOUND) ? " (start the sample app with --"
					+ ProcessStatsHandler.ENABLED_PROPERTY + "=true)" : "";
			return new ServerSample(null, kind(ex) + ": " + ex.getMessage() + hint);
		}
		catch (RuntimeException ex) {
			return new ServerSample(null, kind(ex) + ": " + ex.getMessage());
		}
	}

	private static String kind(Throwable failure) {
		Throwable ex = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (ex instanceof JsonRpcException rpc) {
			return "error " + rpc.getCode();
		}
		if (ex instanceof PipeTimeoutException) {
			return TIMEOUT;
		}
		if (ex instanceof PipeClosedException) {
			return CONNECTION_LOST;
		}
		return ex.getClass().getSimpleName();
	}

	/**
	 * The calls answered during one interval; guarded by its own lock.
	 */
	private static final class Tally {

		private final LatencyHistogram latencies = new LatencyHistogram();

		private final Map<String, Long> errors = new TreeMap<>();

		private boolean closed;

		/**
		 * Count one call.
		 * @return {@code false} if the interval was already reported
		 */
		boolean record(long nanos, @Nullable String kind) {
			if (this.closed) {
				return false;
			}
			if (kind == null || kind.startsWith("error ")) {
				this.latencies.record(nanos);
			}
			if (kind != null) {
				this.errors.merge(kind, 1L, Long::sum);
			}
			return true;
		}

		Interval toInterval(int index, double seconds, ServerSample server) {
			this.closed = true;
			boolean any = this.latencies.count() > 0;
			return new Interval(index, seconds, this.latencies.count(), Map.copyOf(this.errors),
					any ? this.latencies.valueAtPercentile(50) : 0, any ? this.latencies.valueAtPercentile(99) : 0,
					any ? this.latencies.max() : 0, server);
		}

	}

	/**
	 * The server's figures at one moment.
	 * @param stats what it said, or {@code null} if it could not be asked
	 * @param failure why it could not be asked, or {@code null}
	 */
	record ServerSample(@Nullable ProcessStats stats, @Nullable String failure) {
	}

	/**
	 * One interval of the run.
	 * @param index its number, from 1
	 * @param seconds its end, in seconds since the warmup ended
	 * @param answered calls answered (with a result or an error) in it
	 * @param errors calls failed in it, by kind: {@code error <code>}, {@value #TIMEOUT},
	 * {@value #CONNECTION_LOST}
	 * @param p50Nanos median latency of the answered calls
	 * @param p99Nanos 99th percentile latency
	 * @param maxNanos highest latency
	 * @param server the server's figures at its end
	 */
	record Interval(int index, double seconds, long answered, Map<String, Long> errors, long p50Nanos, long p99Nanos,
			long maxNanos, ServerSample server) {

		long failed() {
			return this.errors.values().stream().mapToLong(Long::longValue).sum();
		}

		String describe() {
			ProcessStats stats = this.server.stats();
			String figures = (stats != null) ? String.format(Locale.ROOT,
					"heap %.1f MiB  RSS %.1f MiB  descriptors %d  threads %d", stats.heapUsedBytes() / 1048576.0,
					stats.residentBytes() / 1048576.0, stats.openDescriptors(), stats.threads())
					: "server not sampled: " + this.server.failure();
			return String.format(Locale.ROOT, "%.0f s  answered %d  errors %d  p50 %d µs  p99 %d µs  max %d µs  %s",
					this.seconds, this.answered, failed(), this.p50Nanos / 1000, this.p99Nanos / 1000,
					this.maxNanos / 1000, figures);
		}

	}

	/**
	 * What a run measured.
	 * @param before the server's figures when the warmup ended
	 * @param intervals every interval, in order
	 */
	record Result(ServerSample before, List<Interval> intervals) {

		Map<String, Long> errors() {
			Map<String, Long> errors = new TreeMap<>();
			this.intervals.forEach((interval) -> interval.errors().forEach((kind, count) -> errors.merge(kind, count, Long::sum)));
			return errors;
		}

	}

}
