package dev.pipeipc.transport.unix;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the selector loops of one listener while they run handlers on their own threads, and
 * hands a loop over to a new thread when a handler holds it: after about a millisecond if the
 * handler's thread waits (a lock, a sleep, a future, a connection pool), after about
 * {@value #RUNNABLE_CHECKS} ms if it stays runnable (computing or in native I/O), so that one slow
 * handler never stalls the other connections of its loop for longer than that. The same idea as
 * the Go scheduler's monitor, which hands a processor to another thread when the one running it
 * is stuck in a system call.
 * <p>
 * The check runs every {@link #CHECK_NANOS}; a handler run seen in two consecutive checks is
 * held. Runnable threads get more checks because a thread preempted by the operating system or
 * paused by the garbage collector is runnable too, and handing over for those would only cost.
 * The watchdog parks while no loop has run a handler since its last check, so an idle server
 * costs nothing. A failure during a check is reported and the watchdog goes on checking: without it a
 * blocked handler would stall its loop for good.
 */
final class HandOverWatchdog implements Runnable {

	/** Interval between checks: a handler running inline is handed over after one to two of them. */
	static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/** Checks a runnable handler run may span before its loop is handed over. */
	static final int RUNNABLE_CHECKS = 10;

	private final List<SelectorLoop> loops;

	private final Thread thread;

	private final IoFailures failures;

	private volatile boolean parked;

	private volatile boolean running = true;

	HandOverWatchdog(String name, List<SelectorLoop> loops, IoFailures failures) {
		this.loops = loops;
		this.failures = failures;
		this.thread = new Thread(this, name);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/**
	 * Called by a loop as it starts running a handler: wakes the watchdog if it is parked.
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
				this.failures.threadFailed(this.thread.getName(), ex);
				LockSupport.parkNanos(this, CHECK_NANOS);
			}
		}
	}

	/**
	 * Check every loop once, then wait: briefly while a loop runs handlers, parked while none does.
	 */
	private void checkOnce() {
		boolean active = false;
		for (SelectorLoop loop : this.loops) {
			active |= loop.checkInline();
		}
		if (active) {
			LockSupport.parkNanos(this, CHECK_NANOS);
		}
		else {
			this.parked = true;
			// A loop may have started a handler between the check and the flag; look once more.
			for (SelectorLoop loop : this.loops) {
				active |= loop.hasInlineActivity();
			}
			if (!active) {
				LockSupport.park(this);
			}
			this.parked = false;
		}
	}

	void shutdown() {
		this.running = false;
		LockSupport.unpark(this.thread);
	}

}
