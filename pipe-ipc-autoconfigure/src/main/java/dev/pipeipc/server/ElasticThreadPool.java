package dev.pipeipc.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * A worker pool sized for what blocks. It reuses an idle thread when there is one and starts
 * another while fewer than its {@linkplain #getParallelism() parallelism} (the number of
 * processors, at most the maximum) are running; beyond that, work waits in a queue, and the
 * {@link HeldWorkerWatchdog} starts more threads, up to the maximum, only while workers are held by
 * their tasks (waiting on a lock, a sleep, a future, or running one task for long), so that as
 * many workers as there are processors keep making progress. A burst of short tasks that never
 * block is therefore served by at most {@code parallelism} threads, however many arrive at once,
 * while handlers that block still get a thread each, up to the maximum.
 * <p>
 * A plain {@link ThreadPoolExecutor} cannot do this: with an unbounded queue it never grows beyond
 * its core size, and with core size equal to the maximum it starts a new thread for every task
 * until the maximum is reached, even when threads are idle. Threads idle for the keep-alive end.
 */
final class ElasticThreadPool extends ThreadPoolExecutor {

	/** How long an idle worker waits for work before it ends, unless the server says otherwise. */
	static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);

	private final String name;

	private final int parallelism;

	private final HandOffQueue queue;

	/** The workers running a task now, each with the {@link System#nanoTime()} its task started. */
	private final Map<Thread, Long> running = new ConcurrentHashMap<>();

	private final AtomicLong startedForHeldWorkers = new AtomicLong();

	private final HeldWorkerWatchdog watchdog;

	private ElasticThreadPool(int maxThreads, int parallelism, Duration keepAlive, String threadNamePrefix,
			HandOffQueue queue) {
		super(0, maxThreads, keepAlive.toNanos(), TimeUnit.NANOSECONDS, queue, WorkerThreads.platform(threadNamePrefix),
				ElasticThreadPool::queueWhenFull);
		this.name = threadNamePrefix;
		this.parallelism = parallelism;
		this.queue = queue;
		queue.pool = this;
		this.watchdog = new HeldWorkerWatchdog(this, threadNamePrefix + "worker-watchdog");
		this.watchdog.start();
	}

	/**
	 * A pool with the default keep-alive and as many running workers as this machine has processors.
	 * @param maxThreads the most threads
	 * @param threadNamePrefix the prefix of the worker threads' names
	 * @return the pool, running
	 */
	static ElasticThreadPool create(int maxThreads, String threadNamePrefix) {
		return create(maxThreads, DEFAULT_KEEP_ALIVE, threadNamePrefix);
	}

	/**
	 * A pool with as many running workers as this machine has processors.
	 * @param maxThreads the most threads
	 * @param keepAlive how long an idle worker waits for work before it ends
	 * @param threadNamePrefix the prefix of the worker threads' names
	 * @return the pool, running
	 */
	static ElasticThreadPool create(int maxThreads, Duration keepAlive, String threadNamePrefix) {
		int parallelism = Math.min(maxThreads, Runtime.getRuntime().availableProcessors());
		return new ElasticThreadPool(maxThreads, parallelism, keepAlive, threadNamePrefix, new HandOffQueue());
	}

	/**
	 * How many workers the pool keeps making progress: threads beyond this many start only to
	 * replace workers held by their tasks.
	 * @return the number of processors, at most the maximum
	 */
	int getParallelism() {
		return this.parallelism;
	}

	/**
	 * How many threads the watchdog started because workers were held.
	 * @return the count since the pool was created
	 */
	long getStartedForHeldWorkers() {
		return this.startedForHeldWorkers.get();
	}

	@Override
	protected void beforeExecute(Thread thread, Runnable task) {
		this.running.put(thread, System.nanoTime());
	}

	@Override
	protected void afterExecute(Runnable task, @Nullable Throwable failure) {
		this.running.remove(Thread.currentThread());
	}

	/**
	 * The workers running a task now and when each task started; read by the watchdog.
	 */
	Map<Thread, Long> running() {
		return this.running;
	}

	/**
	 * How many tasks wait for a worker.
	 */
	int queued() {
		return this.queue.size();
	}

	/**
	 * Start up to the given number of threads, each with a queued task, within the maximum; called
	 * by the watchdog.
	 * @param count how many threads to start
	 */
	void startForHeldWorkers(int count) {
		for (int i = 0; i < count && getPoolSize() < getMaximumPoolSize(); i++) {
			Runnable task = this.queue.poll();
			if (task == null) {
				return;
			}
			this.startedForHeldWorkers.incrementAndGet();
			// Declined by the queue, so the executor starts a thread for it (or queues it again at the maximum).
			execute(new FirstTaskOfNewWorker(task));
		}
	}

	@Override
	public void shutdown() {
		this.watchdog.stop();
		super.shutdown();
	}

	@Override
	public List<Runnable> shutdownNow() {
		this.watchdog.stop();
		return super.shutdownNow();
	}

	private static void queueWhenFull(Runnable task, ThreadPoolExecutor executor) {
		ElasticThreadPool pool = (ElasticThreadPool) executor;
		if (executor.isShutdown()) {
			throw new RejectedExecutionException("Worker pool '" + pool.name + "' is shut down");
		}
		pool.enqueue((task instanceof FirstTaskOfNewWorker first) ? first.task : task);
	}

	private void enqueue(Runnable task) {
		this.queue.enqueue(task);
		this.watchdog.watch();
	}

	/**
	 * A queued task handed to a thread started for it: the queue declines it, so that the executor
	 * starts the thread.
	 */
	private record FirstTaskOfNewWorker(Runnable task) implements Runnable {

		@Override
		public void run() {
			this.task.run();
		}

	}

	/**
	 * Hands a task to a waiting worker, or declines it so the executor starts a new thread while
	 * fewer than the pool's parallelism exist; queues it otherwise, for the next free worker or a
	 * thread the watchdog starts.
	 */
	@SuppressWarnings("serial")
	private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {

		private transient volatile @Nullable ElasticThreadPool pool;

		@Override
		public boolean offer(Runnable task) {
			if (task instanceof FirstTaskOfNewWorker) {
				return false;
			}
			if (tryTransfer(task)) {
				return true;
			}
			ElasticThreadPool executor = this.pool;
			if (executor == null) {
				return super.offer(task);
			}
			if (executor.getPoolSize() < executor.parallelism) {
				return false;
			}
			executor.enqueue(task);
			return true;
		}

		void enqueue(Runnable task) {
			super.offer(task);
		}

	}

}
