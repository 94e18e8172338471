package dev.pipeipc.sample.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeClientAdapter;
import dev.pipeipc.client.PipeServiceProxyFactory;
import dev.pipeipc.client.PipeClosedException;
import dev.pipeipc.client.PipeConnectException;
import dev.pipeipc.client.PipeTimeoutException;
import dev.pipeipc.jsonrpc.JsonRpcException;

/**
 * One run of the load generator: opens {@code clients} connections, each driven by one thread,
 * warms up, then measures until the request count or the duration is reached, and waits for the
 * calls still in flight. With {@link BenchClient#ASYNC} each connection is a {@link PipeClient}
 * that keeps {@code pipeline} calls in flight with {@link PipeClient#callAsync} (a new call goes
 * out as soon as an answer frees a slot); the other kinds call and wait for each answer, as most
 * application code does.
 * <p>
 * A call's latency runs from just before the call (so it includes serializing and writing the
 * request) to the moment its future completes, or the waiting call returns. Calls sent during
 * the warmup are neither counted nor timed, whenever they finish.
 * <p>
 * The file is over 400 lines because the asynchronous loop and the blocking one (for
 * {@code call}, {@code exchange} and the plain socket client) share the warm-up, the timing and
 * the error counts; each kind of client itself is a class of its own ({@code BenchClient}).
 */
final class BenchRun {

	/** Error kind of requests that got no answer in time. */
	static final String TIMEOUT = "timeout";

	/** Error kind of requests whose connection was lost. */
	static final String CONNECTION_LOST = "connection lost";

	/** How long a connection waits for a free slot before it checks whether to stop. */
	private static final long SLOT_POLL_MILLIS = 50;

	private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final BenchSettings settings;

	private final JsonMapper mapper;

	private final @Nullable PrintStream progress;

	private final LongAdder completed = new LongAdder();

	private final LongAdder measuredCompleted = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final AtomicLong inFlight = new AtomicLong();

	private final AtomicLong tickets;

	private final AtomicLong lastCompletion = new AtomicLong();

	private volatile boolean stopped;

	private volatile boolean aborted;

	private long measureStart;

	private long measureEnd;

	BenchRun(BenchSettings settings, JsonMapper mapper, @Nullable PrintStream progress) {
		this.settings = settings;
		this.mapper = mapper;
		this.progress = progress;
		this.tickets = new AtomicLong(settings.requests());
	}

	/**
	 * Connect every client, run, and close them.
	 * @return what was measured
	 * @throws PipeConnectException if a connection cannot be made; none is left open
	 */
	Result run() {
		List<AutoCloseable> connections = new ArrayList<>();
		List<Caller> callers = new ArrayList<>();
		try {
			for (int i = 0; i < this.settings.clients(); i++) {
				callers.add(open(connections));
			}
			return drive(callers, connections);
		}
		finally {
			closeAll(connections);
		}
	}

	/**
	 * Open one connection of the settings' kind.
	 * @param connections receives what to close at the end
	 * @return how to make one call on it
	 */
	private Caller open(List<AutoCloseable> connections) {
		BenchClient kind = this.settings.client();
		PipeClient client = PipeClient.builder(this.settings.pipe())
			.directory(this.settings.directory())
			.framing(this.settings.framing())
			.mapper(this.mapper)
			.connectTimeout((this.settings.timeout().compareTo(PipeCall.CONNECT_TIMEOUT) < 0)
					? this.settings.timeout() : PipeCall.CONNECT_TIMEOUT)
			.maxMessageSize(Integer.MAX_VALUE)
			.build();
		if (kind == BenchClient.PLAIN) {
			PlainConnection plain;
			try {
				plain = new PlainConnection(Path.of(client.getAddress()), this.settings.method(),
						this.settings.params());
			}
			catch (IOException ex) {
				throw new PipeConnectException("Cannot connect to " + client.getAddress(), ex);
			}
			connections.add(plain);
			return plain::call;
		}
		connections.add(client);
		client.connect();
		String method = this.settings.method();
		Object params = this.settings.params();
		return switch (kind) {
			case ASYNC -> new AsyncCaller(client, method, params);
			case CALL -> {
				Class<?> resultType = (this.settings.payloadBytes() > 0 && BenchSettings.ECHO_METHOD.equals(method))
						? String.class : Object.class;
				yield () -> client.call(method, params, resultType);
			}
			default -> {
				BenchExchange exchange = PipeServiceProxyFactory.builderFor(PipeClientAdapter.create(client))
					.build()
					.createClient(BenchExchange.class);
				String payload = ((JsonNode) params).get(0).stringValue();
				yield () -> exchange.echo(payload);
			}
		};
	}

	private static void closeAll(List<AutoCloseable> connections) {
		for (AutoCloseable connection : connections) {
			try {
				connection.close();
			}
			catch (Exception ex) {
				// Closed anyway.
			}
		}
	}

	private Result drive(List<Caller> clients, List<AutoCloseable> connections) {
		int shardCount = Math.min(clients.size(), Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
		List<Tally> tallies = new ArrayList<>();
		for (int i = 0; i < shardCount; i++) {
			tallies.add(new Tally());
		}
		long start = System.nanoTime();
		this.measureStart = start + this.settings.warmup().toNanos();
		this.measureEnd = this.settings.countsRequests() ? Long.MAX_VALUE
				: this.measureStart + this.settings.duration().toNanos();
		this.lastCompletion.set(start);
		CountDownLatch finished = new CountDownLatch(clients.size());
		List<Thread> drivers = new ArrayList<>();
		for (int i = 0; i < clients.size(); i++) {
			Caller client = clients.get(i);
			Tally tally = tallies.get(i % shardCount);
			Thread driver = new Thread(() -> {
				try {
					if (client instanceof AsyncCaller async) {
						drive(async, tally);
					}
					else {
						driveEachAnswer(client, tally);
					}
				}
				finally {
					finished.countDown();
				}
			}, "bench-client-" + (i + 1));
			driver.setDaemon(true);
			drivers.add(driver);
		}
		drivers.forEach(Thread::start);
		monitor(start, finished, connections);
		Tally total = new Tally();
		for (Tally tally : tallies) {
			synchronized (tally) {
				total.add(tally);
			}
		}
		long end = (total.lastEnd != 0) ? total.lastEnd : System.nanoTime();
		long measured = Math.max(0, end - this.measureStart);
		return new Result(total.histogram, total.ok, total.errors, total.errorExamples, measured);
	}

	/**
	 * Print progress about once a second until every connection has stopped sending and every call
	 * is answered, or no answer has come for the timeout.
	 */
	private void monitor(long start, CountDownLatch finished, List<AutoCloseable> clients) {
		long nextProgress = start + PROGRESS_NANOS;
		long lastCount = 0;
		long lastTime = start;
		long timeout = this.settings.timeout().toNanos();
		while (true) {
			try {
				if (finished.await(20, TimeUnit.MILLISECONDS) && this.inFlight.get() == 0) {
					return;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				abort(clients);
				return;
			}
			long now = System.nanoTime();
			if (this.inFlight.get() > 0 && now - this.lastCompletion.get() > timeout) {
				// Calls waiting at least this long count as timed out.
				abort(clients);
				return;
			}
			if (now - nextProgress >= 0 && this.progress != null) {
				long count = this.completed.sum();
				double rate = (count - lastCount) / ((now - lastTime) / 1e9);
				String phase = (lastTime - this.measureStart < 0) ? " (warmup)" : "";
				this.progress.printf(Locale.ROOT, "bench: %.0f s%s  %.0f req/s  requests %d  errors %d%n",
						(now - start) / 1e9, phase, rate, this.measuredCompleted.sum(), this.failed.sum());
				this.progress.flush();
				lastCount = count;
				lastTime = now;
				nextProgress += PROGRESS_NANOS * Math.max(1, (now - nextProgress) / PROGRESS_NANOS + 1);
			}
		}
	}

	/**
	 * Stop sending and close the connections, failing the calls still in flight as timed out.
	 */
	private void abort(List<AutoCloseable> clients) {
		this.aborted = true;
		this.stopped = true;
		closeAll(clients);
	}

	/**
	 * Keep {@code pipeline} calls in flight on one connection until told to stop.
	 */
	private void drive(AsyncCaller caller, Tally tally) {
		Semaphore slots = new Semaphore(this.settings.pipeline());
		AtomicBoolean lost = new AtomicBoolean();
		try {
			while (!this.stopped && !lost.get()) {
				if (!slots.tryAcquire(SLOT_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
					continue;
				}
				long sent = System.nanoTime();
				boolean measured = sent - this.measureStart >= 0;
				if (measured && (sent - this.measureEnd >= 0
						|| (this.settings.countsRequests() && this.tickets.getAndDecrement() <= 0))) {
					break;
				}
				this.inFlight.incrementAndGet();
				CompletableFuture<Void> call = caller.client().callAsync(caller.method(), caller.params(), Void.class);
				call.whenComplete((result, ex) -> {
					if (CONNECTION_LOST.equals(answered(sent, measured, tally, ex))) {
						lost.set(true);
					}
					slots.release();
				});
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Call, wait for the answer, and call again, on one connection until told to stop.
	 */
	private void driveEachAnswer(Caller caller, Tally tally) {
		while (!this.stopped) {
			long sent = System.nanoTime();
			boolean measured = sent - this.measureStart >= 0;
			if (measured && (sent - this.measureEnd >= 0
					|| (this.settings.countsRequests() && this.tickets.getAndDecrement() <= 0))) {
				break;
			}
			this.inFlight.incrementAndGet();
			Throwable failure = null;
			try {
				caller.call();
			}
			catch (Exception ex) {
				failure = ex;
			}
			String kind = answered(sent, measured, tally, failure);
			if (CONNECTION_LOST.equals(kind) || TIMEOUT.equals(kind)) {
				break;
			}
		}
	}

	/**
	 * Count and time one answer, or failure.
	 * @return the error kind, or {@code null} for a result
	 */
	private @Nullable String answered(long sent, boolean measured, Tally tally, @Nullable Throwable ex) {
		long answered = System.nanoTime();
		String kind = (ex != null) ? kind(ex) : null;
		if (measured) {
			synchronized (tally) {
				tally.record(sent, answered, kind, ex);
			}
			this.measuredCompleted.increment();
		}
		else if (CONNECTION_LOST.equals(kind) || TIMEOUT.equals(kind)) {
			// The connection stops here, in the warm-up: counted, or a run could end with no
			// request and no error to say why.
			synchronized (tally) {
				tally.recordFailure(kind, ex);
			}
		}
		if (kind != null) {
			this.failed.increment();
		}
		this.completed.increment();
		this.lastCompletion.set(answered);
		this.inFlight.decrementAndGet();
		return kind;
	}

	private String kind(Throwable failure) {
		Throwable ex = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (ex instanceof JsonRpcException rpc) {
			return "error " + rpc.getCode();
		}
		if (ex instanceof PipeTimeoutException || this.aborted) {
			return TIMEOUT;
		}
		if (ex instanceof PipeClosedException || ex instanceof IOException) {
			return CONNECTION_LOST;
		}
		return ex.getClass().getSimpleName();
	}

	/**
	 * Makes one call and waits for its answer.
	 */
	@FunctionalInterface
	private interface Caller {

		void call() throws Exception;

	}

	/**
	 * A connection driven with {@code callAsync}, many calls in flight.
	 */
	private record AsyncCaller(PipeClient client, String method, @Nullable Object params) implements Caller {

		@Override
		public void call() {
			throw new UnsupportedOperationException("Driven asynchronously");
		}

	}

	/**
	 * The calls of some connections, counted and timed; guarded by its own lock.
	 */
	private static final class Tally {

		final LatencyHistogram histogram = new LatencyHistogram();

		long ok;

		final Map<String, Long> errors = new TreeMap<>();

		final Map<String, String> errorExamples = new LinkedHashMap<>();

		long lastEnd;

		void record(long sent, long answered, @Nullable String kind, @Nullable Throwable ex) {
			if (kind == null) {
				this.ok++;
			}
			else {
				recordFailure(kind, ex);
			}
			// Error answers are answers: timed like results. Calls that got none are not.
			if (kind == null || kind.startsWith("error ")) {
				this.histogram.record(answered - sent);
			}
			if (answered - this.lastEnd > 0 || this.lastEnd == 0) {
				this.lastEnd = answered;
			}
		}

		/**
		 * Count a failure without timing it.
		 */
		void recordFailure(String kind, @Nullable Throwable ex) {
			this.errors.merge(kind, 1L, Long::sum);
			if (ex != null && !this.errorExamples.containsKey(kind)) {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				this.errorExamples.put(kind, String.valueOf(cause.getMessage()));
			}
		}

		void add(Tally other) {
			this.histogram.add(other.histogram);
			this.ok += other.ok;
			other.errors.forEach((kind, count) -> this.errors.merge(kind, count, Long::sum));
			other.errorExamples.forEach(this.errorExamples::putIfAbsent);
			if (other.lastEnd != 0 && (this.lastEnd == 0 || other.lastEnd - this.lastEnd > 0)) {
				this.lastEnd = other.lastEnd;
			}
		}

	}

	/**
	 * What a run measured, warmup excluded.
	 * @param latencies the latency of every answered request, in nanoseconds
	 * @param ok requests answered with a result
	 * @param errors failed requests by kind: {@code error <code>} for error answers,
	 * {@value #TIMEOUT}, {@value #CONNECTION_LOST}
	 * @param errorExamples the message of the first failure of each kind
	 * @param nanos from the end of the warmup to the last answer
	 */
	record Result(LatencyHistogram latencies, long ok, Map<String, Long> errors, Map<String, String> errorExamples,
			long nanos) {

		long failed() {
			return this.errors.values().stream().mapToLong(Long::longValue).sum();
		}

		long requests() {
			return this.ok + failed();
		}

		double seconds() {
			return this.nanos / 1e9;
		}

	}

}
