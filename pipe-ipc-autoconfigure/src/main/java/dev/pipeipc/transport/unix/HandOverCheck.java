package dev.pipeipc.transport.unix;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The watchdog's verdict on one selector loop at each check, from what it saw at the previous
 * one: a handler run still going on since then is held, and the loop is handed over if the run's
 * thread waits (a lock, a sleep, a future, a pool) or has stayed runnable for
 * {@link HandOverWatchdog#RUNNABLE_CHECKS} checks. A runnable thread may be computing, waiting in
 * native I/O, or just preempted or paused by the garbage collector, which must not cost a
 * hand-over.
 * <p>
 * Used by the watchdog thread only.
 */
final class HandOverCheck {

	/**
	 * What the watchdog should do about a loop.
	 */
	enum Verdict {

		/** No handler ran since the previous check: the watchdog may park. */
		IDLE,

		/** Handlers ran or one is running, not yet for long: check again soon. */
		ACTIVE,

		/** The same handler run holds the loop: hand it over to a new thread. */
		HAND_OVER

	}

	private @Nullable Thread lastRunner;

	private long lastRuns;

	private int checksInSameRun;

	/**
	 * Judge the loop's inline state now.
	 * @param runner the thread running a handler inline, or {@code null}
	 * @param runs how many inline runs the loop has started so far
	 * @param states reads a thread's state, asked only about a run seen at the previous check
	 * @return the verdict
	 */
	Verdict check(@Nullable Thread runner, long runs, Function<Thread, Thread.State> states) {
		boolean sameRun = runner != null && runner == this.lastRunner && runs == this.lastRuns;
		boolean active = runner != null || runs != this.lastRuns;
		this.lastRunner = runner;
		this.lastRuns = runs;
		this.checksInSameRun = sameRun ? this.checksInSameRun + 1 : 0;
		if (sameRun && runner != null && (states.apply(runner) != Thread.State.RUNNABLE
				|| this.checksInSameRun >= HandOverWatchdog.RUNNABLE_CHECKS)) {
			return Verdict.HAND_OVER;
		}
		return active ? Verdict.ACTIVE : Verdict.IDLE;
	}

	/**
	 * Whether a handler is running or ran since the last check, without counting as a check.
	 * @param runner the thread running a handler inline, or {@code null}
	 * @param runs how many inline runs the loop has started so far
	 * @return whether the loop is active
	 */
	boolean isActive(@Nullable Thread runner, long runs) {
		return runner != null || runs != this.lastRuns;
	}

}
