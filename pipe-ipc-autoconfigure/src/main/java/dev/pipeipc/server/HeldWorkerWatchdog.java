package dev.pipeipc.server;

import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Watches an {@link ElasticThreadPool} while work waits in its queue, and starts a thread for a
 * queued task whenever fewer of the pool's workers than its parallelism are making progress, that
 * is, are not {@linkplain HeldWorkers held by their tasks}. The same idea as the selector loops'
 * hand-over watchdog and as the Go scheduler's monitor. The watchdog checks every
 * {@link #CHECK_NANOS} while work is queued and parks while nothing is, so an idle or lightly
 * loaded pool costs nothing; a failure during a check is reported and the watchdog goes on
 * checking.
 */
final class HeldWorkerWatchdog implements Runnable {

	private static final Log logger = LogFactory.getLog(HeldWorkerWatchdog.class);

	/** Interval between checks while work is queued. */
	static final long CHECK_NANOS = HeldWorkers.WAITING_NANOS;

	private final ElasticThreadPool pool;

	private final Thread thread;

	private final HeldWorkers heldWorkers = new HeldWorkers(HeldWorkers.ThreadProbe.JVM);

	private volatile boolean parked;

	private volatile boolean running = true;

	HeldWorkerWatchdog(ElasticThreadPool pool, String name) {
		this.pool = pool;
		this.thread = new Thread(this, name);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/**
	 * Called as a task is queued: wakes the watchdog if it is parked.
	 */
	void watch() {
		if (this.parked) {
			this.parked = false;
			LockSupport.unpark(this.thread);
		}
	}

	@Override
	public void run() {
		while (this.running) {
			try {
				checkOnce();
			}
			catch (Throwable ex) {
				logger.error("Unexpected failure in pipe worker watchdog '" + this.thread.getName() + "'", ex);
				LockSupport.parkNanos(this, CHECK_NANOS);
			}
		}
	}

	private void checkOnce() {
		if (this.pool.queued() > 0) {
			int held = this.heldWorkers.count(this.pool.running(), System.nanoTime());
			// Workers between two tasks count as making progress: with work queued they take the next.
			int progressing = this.pool.getPoolSize() - held;
			if (progressing < this.pool.getParallelism()) {
				this.pool.startForHeldWorkers(this.pool.getParallelism() - progressing);
			}
			LockSupport.parkNanos(this, CHECK_NANOS);
		}
		else {
			this.parked = true;
			// A task may have been queued between the check and the flag; look once more.
			if (this.pool.queued() == 0 && this.running) {
				LockSupport.park(this);
			}
			this.parked = false;
		}
	}

	void stop() {
		this.running = false;
		LockSupport.unpark(this.thread);
	}

}
