package dev.pipeipc.client;

import java.time.Duration;

/**
 * When the next connection attempt may start after failed ones: not before the backoff has passed
 * since the last failure, the backoff doubling with each failure up to its maximum and starting
 * over once a connection is made.
 * <pre>
 * initial 50 ms, max 200 ms:  fail -&gt; wait 50, fail -&gt; wait 100, fail -&gt; wait 200, fail -&gt; wait 200
 * </pre>
 * Times are {@link System#nanoTime()} values passed in, so the schedule is tested without a clock.
 * Not thread-safe: the client uses it under its connect lock.
 */
final class ReconnectBackoff {

	private final long initialNanos;

	private final long maxNanos;

	private long currentNanos;

	private long notBeforeNanos;

	private boolean waiting;

	ReconnectBackoff(Duration initial, Duration max) {
		this.initialNanos = initial.toNanos();
		this.maxNanos = Math.max(this.initialNanos, max.toNanos());
		this.currentNanos = this.initialNanos;
	}

	/**
	 * How long to wait before the next attempt.
	 * @param nowNanos the current time
	 * @return the wait in nanoseconds, {@code 0} to go ahead now
	 */
	long delayNanos(long nowNanos) {
		if (!this.waiting) {
			return 0;
		}
		return Math.max(0, this.notBeforeNanos - nowNanos);
	}

	/**
	 * An attempt failed: the next waits the current backoff, and the one after twice as long.
	 * @param nowNanos when it failed
	 */
	void failed(long nowNanos) {
		this.waiting = true;
		this.notBeforeNanos = nowNanos + this.currentNanos;
		this.currentNanos = Math.min(this.maxNanos, this.currentNanos * 2);
	}

	/**
	 * An attempt succeeded: the next failure waits the initial backoff again.
	 */
	void succeeded() {
		this.waiting = false;
		this.currentNanos = this.initialNanos;
	}

}
