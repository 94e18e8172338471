package dev.pipeipc.client;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Warnings about what a server sent that a client cannot use (a message that is not JSON, a
 * notification without a method name, an error for no call), at most one per interval: the first
 * at once, later ones at DEBUG, counted, and the count said with the next warning. A broken or
 * hostile server can send such messages as fast as the client reads, and each would otherwise be a
 * WARN line, filling the application's log.
 */
final class ThrottledWarnings {

	/** At most one warning per this interval and client. */
	static final Duration INTERVAL = Duration.ofSeconds(10);

	private final Log log;

	private final long intervalNanos;

	private final LongSupplier nanoClock;

	private boolean warned;

	private long lastWarning;

	private long suppressed;

	ThrottledWarnings(Log log) {
		this(log, INTERVAL, System::nanoTime);
	}

	ThrottledWarnings(Log log, Duration interval, LongSupplier nanoClock) {
		this.log = log;
		this.intervalNanos = interval.toNanos();
		this.nanoClock = nanoClock;
	}

	/**
	 * Log a warning, unless one was logged within the interval, in which case it goes to DEBUG.
	 * @param message the warning, a full sentence naming the pipe
	 * @param cause what was thrown, if anything
	 */
	synchronized void warn(String message, @Nullable Throwable cause) {
		long now = this.nanoClock.getAsLong();
		if (this.warned && now - this.lastWarning < this.intervalNanos) {
			this.suppressed++;
			if (this.log.isDebugEnabled()) {
				this.log.debug(message, cause);
			}
			return;
		}
		String text = (this.suppressed == 0) ? message
				: message + " (" + this.suppressed + " more such message(s) since the last warning were logged at DEBUG"
						+ " only: at most one warning every " + this.intervalNanos / 1_000_000_000 + " s)";
		this.log.warn(text, cause);
		this.warned = true;
		this.lastWarning = now;
		this.suppressed = 0;
	}

}
