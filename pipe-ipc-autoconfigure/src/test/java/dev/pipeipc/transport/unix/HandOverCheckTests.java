package dev.pipeipc.transport.unix;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.pipeipc.transport.unix.HandOverCheck.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watchdog's decisions, check by check, with the handler thread's state given by the test:
 * no thread has to block or spin.
 */
class HandOverCheckTests {

	private final HandOverCheck check = new HandOverCheck();

	private final Thread handler = new Thread(() -> {
	}, "handler");

	private final List<Thread> askedAbout = new ArrayList<>();

	@Test
	void loopWithoutHandlerRunsIsIdle() {
		assertThat(this.check.check(null, 0, state(Thread.State.RUNNABLE))).isEqualTo(Verdict.IDLE);
		assertThat(this.check.check(null, 0, state(Thread.State.RUNNABLE))).isEqualTo(Verdict.IDLE);
	}

	@Test
	void runThatStartedAndEndedSinceTheLastCheckIsActiveOnce() {
		assertThat(this.check.check(null, 3, state(Thread.State.WAITING))).isEqualTo(Verdict.ACTIVE);
		assertThat(this.check.check(null, 3, state(Thread.State.WAITING))).isEqualTo(Verdict.IDLE);
	}

	@Test
	void runSeenForTheFirstTimeIsActiveWithoutAskingItsState() {
		assertThat(this.check.check(this.handler, 1, state(Thread.State.WAITING))).isEqualTo(Verdict.ACTIVE);
		assertThat(this.askedAbout).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(names = { "WAITING", "TIMED_WAITING", "BLOCKED" })
	void waitingRunSeenAtTwoChecksIsHandedOver(Thread.State state) {
		this.check.check(this.handler, 1, state(state));
		assertThat(this.check.check(this.handler, 1, state(state))).isEqualTo(Verdict.HAND_OVER);
		assertThat(this.askedAbout).containsExactly(this.handler);
	}

	@Test
	void runnableRunIsHandedOverOnlyAfterItSpansTheRunnableChecks() {
		this.check.check(this.handler, 1, state(Thread.State.RUNNABLE));
		for (int i = 1; i < HandOverWatchdog.RUNNABLE_CHECKS; i++) {
			assertThat(this.check.check(this.handler, 1, state(Thread.State.RUNNABLE))).as("check %d", i)
				.isEqualTo(Verdict.ACTIVE);
		}
		assertThat(this.check.check(this.handler, 1, state(Thread.State.RUNNABLE))).isEqualTo(Verdict.HAND_OVER);
	}

	@Test
	void newRunOnTheSameThreadIsNotHeldByThePreviousOne() {
		this.check.check(this.handler, 1, state(Thread.State.WAITING));
		assertThat(this.check.check(this.handler, 2, state(Thread.State.WAITING))).isEqualTo(Verdict.ACTIVE);
		assertThat(this.check.check(this.handler, 2, state(Thread.State.WAITING))).isEqualTo(Verdict.HAND_OVER);
	}

	@Test
	void newRunRestartsTheRunnableCount() {
		this.check.check(this.handler, 1, state(Thread.State.RUNNABLE));
		for (int i = 1; i < HandOverWatchdog.RUNNABLE_CHECKS; i++) {
			this.check.check(this.handler, 1, state(Thread.State.RUNNABLE));
		}
		assertThat(this.check.check(this.handler, 2, state(Thread.State.RUNNABLE))).isEqualTo(Verdict.ACTIVE);
		assertThat(this.check.check(this.handler, 2, state(Thread.State.RUNNABLE))).isEqualTo(Verdict.ACTIVE);
	}

	@Test
	void activityQueryDoesNotCountAsACheck() {
		this.check.check(null, 0, state(Thread.State.RUNNABLE));
		assertThat(this.check.isActive(null, 1)).isTrue();
		assertThat(this.check.isActive(null, 1)).isTrue();
		assertThat(this.check.isActive(this.handler, 0)).isTrue();
		assertThat(this.check.isActive(null, 0)).isFalse();
		assertThat(this.check.check(this.handler, 1, state(Thread.State.WAITING))).as("first sight of the run")
			.isEqualTo(Verdict.ACTIVE);
	}

	private Function<Thread, Thread.State> state(Thread.State state) {
		return (thread) -> {
			this.askedAbout.add(thread);
			return state;
		};
	}

}
