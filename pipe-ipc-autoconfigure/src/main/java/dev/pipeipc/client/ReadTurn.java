package dev.pipeipc.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.ClientChannel;

/**
 * Who reads a connection right now (leader/follower): a caller waiting for its answer reads it
 * itself, woken by the kernel as a plain blocking client is, rather than by the reader thread,
 * which would cost two more context switches per call. The reader thread reads only while no
 * caller waits: answers nobody waits on ({@code callAsync}), notifications, and the server closing
 * the connection.
 * <p>
 * One thread at a time has the turn to read. The reader thread waits for bytes without it and
 * takes it only to read what arrived, so a caller can take the turn at once. The caller with the
 * turn reads until its own answer has come, completing the calls whose answers come first, then
 * hands the turn to the next waiting caller, if any. When the last caller leaves, the reader
 * thread resumes at once if answers are awaited that no caller reads, else after a
 * {@linkplain #LINGER_NANOS short while}, looked at {@linkplain #RECHECK_NANOS every few
 * milliseconds}, so a thread calling again and again does not wake it between calls; a
 * notification or the server's close arriving just then is read that much later.
 * Used only on channels that {@linkplain ClientChannel#canHandOverReading() can hand reading over}.
 */
final class ReadTurn {

	/** How long the reader thread stays asleep after the last waiting caller left. */
	static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/**
	 * How often the reader thread looks whether callers still read, while they do. Callers leaving
	 * do not wake it (that would cost the two context switches per call the turn saves), so this is
	 * how late, at most, it resumes after the last caller left with nothing else awaited.
	 */
	static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final Object lock = new Object();

	private final ClientChannel channel;

	private final ChannelReader reader;

	private final BooleanSupplier othersAwaited;

	/** The callers waiting for answers, in arrival order; guarded by {@link #lock}. */
	private final ArrayDeque<Thread> waiting = new ArrayDeque<>();

	/** The thread reading now; guarded by {@link #lock}. */
	private @Nullable Thread holder;

	/** Until when the reader thread stays asleep ({@link System#nanoTime()}); guarded. */
	private long resumeAt;

	private boolean ended;

	/** Whether the reader thread sleeps; a hint read without the lock. */
	private volatile boolean resting;

	/**
	 * @param channel the connection's channel
	 * @param reader what reads it
	 * @param othersAwaited whether answers are awaited on the connection (asked once no caller
	 * waits, so they are answers nobody reads)
	 */
	ReadTurn(ClientChannel channel, ChannelReader reader, BooleanSupplier othersAwaited) {
		this.channel = channel;
		this.reader = reader;
		this.othersAwaited = othersAwaited;
	}

	/**
	 * The reader thread's loop: read whenever no caller waits, until reading ends.
	 */
	void runReader() {
		Thread me = Thread.currentThread();
		try {
			while (true) {
				if (!awaitReaderTurn()) {
					return;
				}
				this.channel.awaitReadable(true);
				synchronized (this.lock) {
					if (this.ended) {
						return;
					}
					if (this.holder != null || !this.waiting.isEmpty()) {
						continue;
					}
					this.holder = me;
				}
				boolean more = false;
				try {
					more = this.reader.handle(this.channel.readAvailable());
				}
				finally {
					release(more);
				}
				if (!more) {
					return;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			boolean ending;
			synchronized (this.lock) {
				ending = !this.ended;
			}
			if (ending) {
				this.reader.failed(ex);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Sleep while callers read, and a little after; look again every {@link #RECHECK_NANOS} at most,
	 * so callers leaving need not wake this thread.
	 * @return {@code false} once reading has ended
	 */
	private boolean awaitReaderTurn() throws InterruptedException {
		synchronized (this.lock) {
			while (!this.ended) {
				boolean busy = this.holder != null || !this.waiting.isEmpty();
				long left = busy ? RECHECK_NANOS : this.resumeAt - System.nanoTime();
				if (left <= 0) {
					this.resting = false;
					return true;
				}
				this.resting = true;
				TimeUnit.NANOSECONDS.timedWait(this.lock, left);
			}
			return false;
		}
	}

	/**
	 * A request was sent whose answer no caller will read: the reader thread resumes now if it
	 * rests.
	 */
	void sentUnawaited() {
		if (this.resting) {
			synchronized (this.lock) {
				this.resumeAt = System.nanoTime();
				this.lock.notifyAll();
			}
		}
	}

	/**
	 * Start waiting for an answer; always followed by {@link #leave()} on the same thread. Call
	 * before writing the request.
	 */
	void enter() {
		synchronized (this.lock) {
			this.waiting.add(Thread.currentThread());
		}
	}

	/**
	 * Wait until the call is done, reading when nobody else does.
	 * @param call the call, sent on this turn's connection after {@link #enter()}
	 * @return whether the thread was interrupted while waiting (the call has been cancelled, the
	 * interrupt cleared)
	 */
	boolean await(PendingCall<?> call) {
		Thread me = Thread.currentThread();
		call.waitingThread(me);
		boolean interrupted = false;
		// Just written, the answer cannot be there yet: wait for bytes before the first read.
		boolean justSent = true;
		while (!call.future().isDone()) {
			boolean lead;
			synchronized (this.lock) {
				lead = this.holder == null && !this.ended;
				if (lead) {
					this.holder = me;
				}
			}
			if (lead) {
				boolean more = true;
				try {
					while (more && !call.future().isDone()) {
						more = readAsCaller(justSent);
						justSent = false;
						if (Thread.interrupted()) {
							interrupted = true;
							call.future().cancel(true);
						}
					}
				}
				finally {
					release(more);
				}
			}
			else if (!call.future().isDone()) {
				LockSupport.park(this);
				if (Thread.interrupted()) {
					interrupted = true;
					call.future().cancel(true);
				}
			}
		}
		return interrupted;
	}

	private boolean readAsCaller(boolean awaitFirst) {
		try {
			if (awaitFirst) {
				this.channel.awaitReadable(false);
			}
			ByteBuffer chunk = this.channel.readAvailable();
			if (chunk != null && !chunk.hasRemaining()) {
				// At most one wait per read, so the caller looks whether its call is done between
				// two waits: a wake-up for a call completed elsewhere ends one wait only.
				if (!awaitFirst) {
					this.channel.awaitReadable(false);
				}
				return true;
			}
			return this.reader.handle(chunk);
		}
		catch (IOException | RuntimeException ex) {
			return this.reader.failed(ex);
		}
	}

	/**
	 * Stop waiting, handing the turn on if nobody reads.
	 */
	void leave() {
		synchronized (this.lock) {
			this.waiting.remove(Thread.currentThread());
			if (this.holder == null) {
				handOver();
			}
		}
	}

	/**
	 * A call a caller waits for was completed by another thread: wake the caller, which may be
	 * asleep or reading.
	 * @param waiter the waiting caller
	 */
	void wake(Thread waiter) {
		LockSupport.unpark(waiter);
		synchronized (this.lock) {
			if (this.holder == waiter) {
				this.channel.wakeReaders();
			}
		}
	}

	/**
	 * Reading has ended (the connection is closed or lost): the reader thread stops, and callers
	 * wait for their calls, which the connection fails.
	 */
	void end() {
		synchronized (this.lock) {
			this.ended = true;
			this.lock.notifyAll();
			for (Thread caller : this.waiting) {
				LockSupport.unpark(caller);
			}
		}
		this.channel.wakeReaders();
	}

	private void release(boolean more) {
		synchronized (this.lock) {
			this.holder = null;
			if (!more) {
				this.ended = true;
				this.lock.notifyAll();
			}
			handOver();
		}
	}

	/**
	 * With nobody reading: wake a waiting caller to read, else let the reader thread resume. Called
	 * with the lock held.
	 */
	private void handOver() {
		Thread me = Thread.currentThread();
		for (Thread next : this.waiting) {
			if (next != me) {
				LockSupport.unpark(next);
				return;
			}
		}
		if (this.waiting.isEmpty()) {
			boolean now = this.holder == null && (!this.resting || this.othersAwaited.getAsBoolean());
			this.resumeAt = System.nanoTime() + (now ? 0 : LINGER_NANOS);
			if (now) {
				this.lock.notifyAll();
			}
		}
	}

}
