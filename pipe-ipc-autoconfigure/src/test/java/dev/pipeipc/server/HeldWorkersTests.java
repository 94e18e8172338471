package dev.pipeipc.server;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HeldWorkers}, with a recording probe instead of the JVM's threads.
 */
class HeldWorkersTests {

	private static final long NOW = 1_000_000_000L;

	private final FakeProbe probe = new FakeProbe();

	private final HeldWorkers heldWorkers = new HeldWorkers(this.probe);

	private final Thread first = new Thread(() -> { });

	private final Thread second = new Thread(() -> { });

	private final Map<Thread, Long> running = new HashMap<>();

	@Test
	void aRunThatWaitsIsHeldAfterOneCheckInterval() {
		this.probe.waiting(this.first, Thread.State.TIMED_WAITING, -1);
		this.running.put(this.first, NOW - HeldWorkers.WAITING_NANOS + 1);
		assertThat(this.heldWorkers.count(this.running, NOW)).isZero();
		this.running.put(this.first, NOW - HeldWorkers.WAITING_NANOS);
		assertThat(this.heldWorkers.count(this.running, NOW)).isOne();
	}

	@Test
	void aRunnableRunIsHeldAfterTenIntervalsWhenInNativeCode() {
		this.probe.runnable(this.first, true);
		this.running.put(this.first, NOW - HeldWorkers.RUNNABLE_NANOS + 1);
		assertThat(this.heldWorkers.count(this.running, NOW)).isZero();
		this.running.put(this.first, NOW - HeldWorkers.RUNNABLE_NANOS);
		assertThat(this.heldWorkers.count(this.running, NOW)).isOne();
	}

	@Test
	void aRunnableRunIsHeldWhenItHasComputedForTenIntervalsSinceFirstSeen() {
		this.probe.runnable(this.first, false);
		this.running.put(this.first, NOW - 5 * HeldWorkers.RUNNABLE_NANOS);
		assertThat(this.heldWorkers.count(this.running, NOW)).isZero();
		this.probe.cpuTimes.put(this.first, HeldWorkers.RUNNABLE_NANOS - 1);
		assertThat(this.heldWorkers.count(this.running, NOW)).isZero();
		this.probe.cpuTimes.put(this.first, HeldWorkers.RUNNABLE_NANOS);
		assertThat(this.heldWorkers.count(this.running, NOW)).isOne();
	}

	@Test
	void aRunnableRunWaitingForAProcessorIsNotHeldHoweverLong() {
		this.probe.runnable(this.first, false);
		this.running.put(this.first, NOW - 100 * HeldWorkers.RUNNABLE_NANOS);
		assertThat(this.heldWorkers.count(this.running, NOW)).isZero();
		assertThat(this.heldWorkers.count(this.running, NOW)).isZero();
	}

	@Test
	void aNewRunOfTheSameThreadIsSeenAfresh() {
		this.probe.runnable(this.first, false);
		this.running.put(this.first, NOW - 5 * HeldWorkers.RUNNABLE_NANOS);
		this.heldWorkers.count(this.running, NOW);
		this.probe.cpuTimes.put(this.first, HeldWorkers.RUNNABLE_NANOS);
		this.running.put(this.first, NOW - 2 * HeldWorkers.RUNNABLE_NANOS);
		assertThat(this.heldWorkers.count(this.running, NOW)).isZero();
	}

	@Test
	void aRunWaitingForALockIsHeldOnlyIfTheLockOwnerIs() {
		this.probe.runnable(this.first, false);
		this.probe.waiting(this.second, Thread.State.BLOCKED, this.first.getId());
		this.running.put(this.first, NOW - HeldWorkers.WAITING_NANOS);
		this.running.put(this.second, NOW - 100 * HeldWorkers.RUNNABLE_NANOS);
		assertThat(this.heldWorkers.count(this.running, NOW)).isZero();
		this.probe.waiting(this.first, Thread.State.TIMED_WAITING, -1);
		assertThat(this.heldWorkers.count(this.running, NOW)).isEqualTo(2);
	}

	@Test
	void aRunWaitingForALockOwnedOutsideThePoolIsHeldOnlyIfTheOwnerWaits() {
		Thread outside = new Thread(() -> { });
		this.probe.runnable(outside, false);
		this.probe.waiting(this.first, Thread.State.BLOCKED, outside.getId());
		this.running.put(this.first, NOW - HeldWorkers.WAITING_NANOS);
		assertThat(this.heldWorkers.count(this.running, NOW)).isZero();
		this.probe.waiting(outside, Thread.State.WAITING, -1);
		assertThat(this.heldWorkers.count(this.running, NOW)).isOne();
	}

	private static final class FakeProbe implements HeldWorkers.ThreadProbe {

		private final Map<Long, Waiting> threads = new HashMap<>();

		final Map<Thread, Long> cpuTimes = new HashMap<>();

		void waiting(Thread thread, Thread.State state, long owner) {
			this.threads.put(thread.getId(), new Waiting(state, owner, false));
		}

		void runnable(Thread thread, boolean inNativeCode) {
			this.threads.put(thread.getId(), new Waiting(Thread.State.RUNNABLE, -1, inNativeCode));
		}

		@Override
		public Waiting waiting(Thread thread) {
			return this.threads.getOrDefault(thread.getId(), new Waiting(Thread.State.TERMINATED, -1, false));
		}

		@Override
		public Thread.State state(long threadId) {
			return this.threads.getOrDefault(threadId, new Waiting(Thread.State.TERMINATED, -1, false)).state();
		}

		@Override
		public long cpuTime(Thread thread) {
			return this.cpuTimes.getOrDefault(thread, 0L);
		}

	}

}
