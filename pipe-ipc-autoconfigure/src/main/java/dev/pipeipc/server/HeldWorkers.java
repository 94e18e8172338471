package dev.pipeipc.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tells which of a pool's workers are held by their tasks, so that threads beyond the pool's
 * parallelism start only for tasks that block. A worker is held if its task has run for at least
 * {@link #WAITING_NANOS} and
 * <ul>
 * <li>it waits for something no thread owns: a sleep, a future, a latch, a condition, a
 * connection pool; or for a lock whose owner is held (or, outside the pool, waits too). While the
 * owner makes progress another thread would only queue for the same lock, so contention among
 * workers never makes the pool grow;</li>
 * <li>or it has been runnable for at least {@link #RUNNABLE_NANOS} and is either in native code
 * (a blocking socket read, which the JVM reports as runnable) or has used that much processor
 * time since first seen (computing). A thread that is only waiting for a processor, as threads do
 * on a busy machine, is neither: more threads would only compete for the same processors.</li>
 * </ul>
 * Used by the watchdog thread only: it remembers the processor time of each run it has seen.
 */
final class HeldWorkers {

	/** The shortest run that may be held when it waits. */
	static final long WAITING_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/** The shortest run that may be held while runnable. */
	static final long RUNNABLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final ThreadProbe probe;

	/** Each running worker's run as first seen: when it started and the thread's processor time then. */
	private Map<Thread, Sighting> sightings = new HashMap<>();

	HeldWorkers(ThreadProbe probe) {
		this.probe = probe;
	}

	/**
	 * Count the workers held by their tasks.
	 * @param running the workers running a task, each with the {@link System#nanoTime()} it started
	 * @param now the time of the check
	 * @return how many are held
	 */
	int count(Map<Thread, Long> running, long now) {
		Map<Thread, Sighting> seen = new HashMap<>();
		for (Map.Entry<Thread, Long> run : running.entrySet()) {
			Sighting previous = this.sightings.get(run.getKey());
			seen.put(run.getKey(), (previous != null && previous.runStart() == run.getValue()) ? previous
					: new Sighting(run.getValue(), this.probe.cpuTime(run.getKey())));
		}
		this.sightings = seen;
		int held = 0;
		for (Map.Entry<Thread, Long> run : running.entrySet()) {
			if (isHeld(run.getKey(), run.getValue(), running, now, true)) {
				held++;
			}
		}
		return held;
	}

	private boolean isHeld(Thread worker, long runStart, Map<Thread, Long> running, long now, boolean followOwner) {
		long length = now - runStart;
		if (length < WAITING_NANOS) {
			return false;
		}
		ThreadProbe.Waiting waiting = this.probe.waiting(worker);
		if (!Long.valueOf(runStart).equals(running.get(worker))) {
			// The run ended while the thread was read: what was read may be the pool's own wait for work.
			return false;
		}
		if (waiting.state() == Thread.State.RUNNABLE) {
			return length >= RUNNABLE_NANOS && (waiting.inNativeCode() || hasComputed(worker));
		}
		if (waiting.state() == Thread.State.TERMINATED) {
			return false;
		}
		if (waiting.lockOwnerId() == -1 || waiting.lockOwnerId() == worker.getId()) {
			return true;
		}
		if (!followOwner) {
			// Waiting behind a chain of lock owners: count it held rather than risk a pool that waits on itself.
			return true;
		}
		for (Map.Entry<Thread, Long> other : running.entrySet()) {
			if (other.getKey().getId() == waiting.lockOwnerId()) {
				return isHeld(other.getKey(), other.getValue(), running, now, false);
			}
		}
		Thread.State ownerState = this.probe.state(waiting.lockOwnerId());
		return ownerState != Thread.State.RUNNABLE && ownerState != Thread.State.TERMINATED;
	}

	private boolean hasComputed(Thread worker) {
		Sighting sighting = this.sightings.get(worker);
		return sighting != null && this.probe.cpuTime(worker) - sighting.cpuTime() >= RUNNABLE_NANOS;
	}

	private record Sighting(long runStart, long cpuTime) {
	}

	/**
	 * What the watchdog reads about a thread.
	 */
	interface ThreadProbe {

		/**
		 * The probe of this JVM's threads. It asks for the top frame only of threads runnable for
		 * {@link #RUNNABLE_NANOS}, and for no stack otherwise.
		 */
		ThreadProbe JVM = new ThreadProbe() {

			@Override
			public Waiting waiting(Thread thread) {
				ThreadMXBean threads = ManagementFactory.getThreadMXBean();
				ThreadInfo info = threads.getThreadInfo(thread.getId(), 0);
				if (info == null) {
					return new Waiting(Thread.State.TERMINATED, -1, false);
				}
				if (info.getThreadState() != Thread.State.RUNNABLE) {
					return new Waiting(info.getThreadState(), info.getLockOwnerId(), false);
				}
				ThreadInfo top = threads.getThreadInfo(thread.getId(), 1);
				boolean inNative = top != null && top.getStackTrace().length > 0 && top.getStackTrace()[0].isNativeMethod();
				return new Waiting(Thread.State.RUNNABLE, -1, inNative);
			}

			@Override
			public Thread.State state(long threadId) {
				ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(threadId, 0);
				// A thread that ended has released its locks.
				return (info != null) ? info.getThreadState() : Thread.State.TERMINATED;
			}

			@Override
			public long cpuTime(Thread thread) {
				ThreadMXBean threads = ManagementFactory.getThreadMXBean();
				return threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(thread.getId()) : 0;
			}

		};

		/**
		 * What a thread is doing now.
		 * @param thread the thread
		 * @return its state, the lock's owner if it waits for an owned lock, and whether it runs
		 * native code if it is runnable
		 */
		Waiting waiting(Thread thread);

		/**
		 * The state of a thread known by its id.
		 * @param threadId the thread's id
		 * @return its state, {@link Thread.State#TERMINATED} if it has ended
		 */
		Thread.State state(long threadId);

		/**
		 * The processor time a thread has used.
		 * @param thread the thread
		 * @return nanoseconds, {@code 0} where unsupported
		 */
		long cpuTime(Thread thread);

		/**
		 * One reading of a thread.
		 * @param state its state
		 * @param lockOwnerId the id of the thread owning the lock it waits for, {@code -1} if none
		 * @param inNativeCode whether it runs a native method (only read for runnable threads)
		 */
		record Waiting(Thread.State state, long lockOwnerId, boolean inNativeCode) {
		}

	}

}
