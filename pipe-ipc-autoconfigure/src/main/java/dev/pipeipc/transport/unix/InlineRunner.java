package dev.pipeipc.transport.unix;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs handlers on a selector loop's own thread, watched by the {@link HandOverWatchdog}: when
 * the watchdog finds a run holding the loop, the loop is handed over to a new thread (the owner's
 * job) and this thread finishes its handler and ends. After a hand-over, running inline is
 * suspended for {@value #SUSPENSION_MILLIS} ms, so a loop whose handlers keep blocking sends its
 * messages to workers instead of starting a thread per message.
 */
final class InlineRunner {

	private static final Log logger = LogFactory.getLog(InlineRunner.class);

	/** How long a loop runs every message on workers after it had to be handed over. */
	static final long SUSPENSION_MILLIS = 100;

	private static final long SUSPENSION_NANOS = TimeUnit.MILLISECONDS.toNanos(SUSPENSION_MILLIS);

	private final String loopName;

	private final HandOverWatchdog watchdog;

	private final Runnable newOwner;

	/** The thread running a handler inline right now, or {@code null}; the watchdog takes it away. */
	private final AtomicReference<@Nullable Thread> runner = new AtomicReference<>();

	private volatile long runs;

	private volatile long suspendedUntil = System.nanoTime();

	private final Object handOverLock = new Object();

	private final HandOverCheck check = new HandOverCheck();

	/**
	 * Create a runner for one loop.
	 * @param loopName the loop's name, for the log
	 * @param watchdog the watchdog that checks this runner
	 * @param newOwner puts a new thread in charge of the loop; called with the hand-over lock held
	 */
	InlineRunner(String loopName, HandOverWatchdog watchdog, Runnable newOwner) {
		this.loopName = loopName;
		this.watchdog = watchdog;
		this.newOwner = newOwner;
	}

	/**
	 * Whether running inline is suspended after a recent hand-over.
	 */
	boolean isSuspended() {
		return System.nanoTime() - this.suspendedUntil < 0;
	}

	/**
	 * Run a task on the calling thread, which must own the loop. If the loop is handed over
	 * meanwhile, this returns only once the new owner is in place.
	 */
	void run(Runnable task) {
		Thread current = Thread.currentThread();
		this.runner.set(current);
		this.runs++;
		this.watchdog.watch();
		try {
			task.run();
		}
		finally {
			if (this.runner.compareAndSet(current, null)) {
				// An interrupt meant for the handler must not reach the selector or the channels.
				Thread.interrupted();
			}
			else {
				synchronized (this.handOverLock) {
					// Handed over: the watchdog holds the lock until the new owner is in place, so
					// once it is released the loop no longer belongs to this thread.
				}
			}
		}
	}

	/**
	 * Called by the watchdog at every check: hand the loop over if a run holds it.
	 * @return whether the loop ran handlers since the previous check or is running one
	 */
	boolean check() {
		Thread current = this.runner.get();
		HandOverCheck.Verdict verdict = this.check.check(current, this.runs, Thread::getState);
		if (verdict == HandOverCheck.Verdict.HAND_OVER && current != null) {
			handOver(current);
		}
		return verdict != HandOverCheck.Verdict.IDLE;
	}

	/**
	 * Whether a handler is running inline or ran since the last check, without counting as a check.
	 */
	boolean hasActivity() {
		return this.check.isActive(this.runner.get(), this.runs);
	}

	private void handOver(Thread stuck) {
		synchronized (this.handOverLock) {
			if (!this.runner.compareAndSet(stuck, null)) {
				return;
			}
			this.suspendedUntil = System.nanoTime() + SUSPENSION_NANOS;
			this.newOwner.run();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Pipe I/O loop '" + this.loopName + "' handed over to a new thread: a handler on thread '"
					+ stuck.getName() + "' is " + stuck.getState());
		}
	}

}
