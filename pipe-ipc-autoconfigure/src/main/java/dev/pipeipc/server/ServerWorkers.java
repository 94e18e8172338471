package dev.pipeipc.server;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run a server's handlers from one start to the next stop, and the count of
 * requests in progress across all its connections, which a graceful stop waits for. Once
 * {@linkplain #drain() draining}, connections refuse new requests while those in progress finish.
 */
final class ServerWorkers {

	private final ExecutorService executor;

	private final boolean inline;

	private final AtomicInteger inProgress = new AtomicInteger();

	private final Object idle = new Object();

	private volatile boolean draining;

	/**
	 * Workers on the given threads.
	 * @param executor runs handling; shut down with the workers
	 * @param inline whether handling may run on the I/O thread instead
	 */
	ServerWorkers(ExecutorService executor, boolean inline) {
		this.executor = executor;
		this.inline = inline;
	}

	/**
	 * Workers for one run of a server: platform threads from an {@link ElasticThreadPool}, or a
	 * virtual thread per request.
	 * @param settings the server's settings
	 * @param keepAlive how long an idle platform worker thread waits for work before it ends
	 * @return the workers
	 */
	static ServerWorkers start(PipeServerSettings settings, Duration keepAlive) {
		String prefix = "pipe-" + settings.name() + "-";
		if (settings.virtualThreads()) {
			return new ServerWorkers(WorkerThreads.virtualThreadPerTask(prefix), false);
		}
		return new ServerWorkers(ElasticThreadPool.create(settings.maxThreads(), keepAlive, prefix), true);
	}

	/**
	 * Whether messages may be handled on the I/O thread that read them, where the transport
	 * supports it (see {@link dev.pipeipc.transport.PipeConnection#executeInline}). Not with
	 * virtual threads: an application that enables them expects its handlers to run on them.
	 * @return {@code true} if inline handling is allowed
	 */
	boolean runsInline() {
		return this.inline;
	}

	/**
	 * Run a message's handling on a worker thread.
	 * @param work the handling
	 * @return {@code false} if the workers no longer take work
	 */
	boolean execute(Runnable work) {
		try {
			this.executor.execute(work);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	void requestStarted() {
		this.inProgress.incrementAndGet();
	}

	void requestFinished() {
		if (this.inProgress.decrementAndGet() == 0 && this.draining) {
			synchronized (this.idle) {
				this.idle.notifyAll();
			}
		}
	}

	int inProgress() {
		return this.inProgress.get();
	}

	/**
	 * Refuse new requests from now on.
	 */
	void drain() {
		this.draining = true;
	}

	boolean isDraining() {
		return this.draining;
	}

	/**
	 * Wait until no request is in progress, at most the given time.
	 * @param timeoutNanos the longest wait
	 * @return {@code true} if no request is in progress; {@code false} on timeout or interrupt
	 */
	boolean awaitIdle(long timeoutNanos) {
		long deadline = System.nanoTime() + timeoutNanos;
		synchronized (this.idle) {
			while (this.inProgress.get() > 0) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				try {
					// Bounded: a request finishing between the check and the wait only costs a slice.
					this.idle.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(remaining), 100)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * The most platform worker threads that were alive at once.
	 * @return the peak, or {@code -1} on virtual threads
	 */
	int peakThreads() {
		return (this.executor instanceof ThreadPoolExecutor pool) ? pool.getLargestPoolSize() : -1;
	}

	/**
	 * Stop the threads, interrupting handlers still running.
	 */
	void shutdownNow() {
		this.executor.shutdownNow();
	}

}
