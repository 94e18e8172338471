package dev.pipeipc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ThrottledWarnings}: a burst of warnings about what a server sent becomes one WARN line,
 * the rest go to DEBUG, and the next warning after the interval says how many there were. Driven
 * with a recording {@link Log} and a clock the test moves.
 */
class ThrottledWarningsTests {

	private final RecordingLog log = new RecordingLog();

	private final AtomicLong now = new AtomicLong();

	private final ThrottledWarnings warnings = new ThrottledWarnings(this.log, Duration.ofSeconds(10), this.now::get);

	@Test
	void aBurstOfAThousandWarningsIsOneWarnAndTheRestAtDebug() {
		for (int i = 0; i < 1000; i++) {
			this.warnings.warn("Pipe 'hostile' sent a message that is not JSON", null);
		}
		assertThat(this.log.warnings).containsExactly("Pipe 'hostile' sent a message that is not JSON");
		assertThat(this.log.debugs).hasSize(999);
	}

	@Test
	void theNextWarningAfterTheIntervalCountsWhatWasHeldBack() {
		for (int i = 0; i < 5; i++) {
			this.warnings.warn("Pipe 'hostile' sent garbage", null);
		}
		this.now.addAndGet(Duration.ofSeconds(10).toNanos());
		this.warnings.warn("Pipe 'hostile' sent garbage", null);
		assertThat(this.log.warnings).hasSize(2);
		assertThat(this.log.warnings.get(1)).isEqualTo("Pipe 'hostile' sent garbage (4 more such message(s) since the "
				+ "last warning were logged at DEBUG only: at most one warning every 10 s)");
	}

	@Test
	void warningsFurtherApartThanTheIntervalAreAllLogged() {
		for (int i = 0; i < 3; i++) {
			this.warnings.warn("Pipe 'flaky' reported an error for no particular call", null);
			this.now.addAndGet(Duration.ofSeconds(11).toNanos());
		}
		assertThat(this.log.warnings).hasSize(3).allMatch((line) -> !line.contains("more such"));
		assertThat(this.log.debugs).isEmpty();
	}

	/** Keeps what is logged at WARN and DEBUG; everything else is off. */
	private static final class RecordingLog implements Log {

		final List<String> warnings = new ArrayList<>();

		final List<String> debugs = new ArrayList<>();

		@Override
		public void warn(Object message) {
			this.warnings.add(String.valueOf(message));
		}

		@Override
		public void warn(Object message, @Nullable Throwable t) {
			this.warnings.add(String.valueOf(message));
		}

		@Override
		public void debug(Object message) {
			this.debugs.add(String.valueOf(message));
		}

		@Override
		public void debug(Object message, @Nullable Throwable t) {
			this.debugs.add(String.valueOf(message));
		}

		@Override
		public boolean isDebugEnabled() {
			return true;
		}

		@Override
		public boolean isWarnEnabled() {
			return true;
		}

		@Override
		public boolean isErrorEnabled() {
			return false;
		}

		@Override
		public boolean isFatalEnabled() {
			return false;
		}

		@Override
		public boolean isInfoEnabled() {
			return false;
		}

		@Override
		public boolean isTraceEnabled() {
			return false;
		}

		@Override
		public void error(Object message) {
		}

		@Override
		public void error(Object message, @Nullable Throwable t) {
		}

		@Override
		public void fatal(Object message) {
		}

		@Override
		public void fatal(Object message, @Nullable Throwable t) {
		}

		@Override
		public void info(Object message) {
		}

		@Override
		public void info(Object message, @Nullable Throwable t) {
		}

		@Override
		public void trace(Object message) {
		}

		@Override
		public void trace(Object message, @Nullable Throwable t) {
		}

	}

}
