package dev.pipeipc.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReconnectBackoff}'s schedule, on times the test passes in.
 */
class ReconnectBackoffTests {

	private static final long MS = 1_000_000;

	private final ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200));

	@Test
	void firstAttemptGoesAheadAtOnce() {
		assertThat(this.backoff.delayNanos(0)).isZero();
	}

	@Test
	void backoffDoublesAfterEachFailureUpToTheMaximum() {
		long now = 1000 * MS;
		long[] expected = { 50, 100, 200, 200, 200 };
		for (long wait : expected) {
			this.backoff.failed(now);
			assertThat(this.backoff.delayNanos(now)).isEqualTo(wait * MS);
			now += wait * MS;
		}
	}

	@Test
	void waitShrinksAsTimePassesAndEndsAtTheBackoff() {
		this.backoff.failed(0);
		assertThat(this.backoff.delayNanos(20 * MS)).isEqualTo(30 * MS);
		assertThat(this.backoff.delayNanos(50 * MS)).isZero();
		assertThat(this.backoff.delayNanos(80 * MS)).isZero();
	}

	@Test
	void successStartsTheScheduleOver() {
		this.backoff.failed(0);
		this.backoff.failed(0);
		this.backoff.failed(0);
		this.backoff.succeeded();
		assertThat(this.backoff.delayNanos(0)).isZero();
		this.backoff.failed(0);
		assertThat(this.backoff.delayNanos(0)).isEqualTo(50 * MS);
	}

	@Test
	void maximumBelowTheInitialBackoffKeepsTheInitialBackoff() {
		ReconnectBackoff inverted = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(10));
		inverted.failed(0);
		assertThat(inverted.delayNanos(0)).isEqualTo(100 * MS);
		inverted.failed(0);
		assertThat(inverted.delayNanos(0)).isEqualTo(100 * MS);
	}

}
