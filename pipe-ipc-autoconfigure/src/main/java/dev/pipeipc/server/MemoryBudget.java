package dev.pipeipc.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeipc.codec.BodyMemory;
import dev.pipeipc.transport.PipeConnection;

/**
 * What the partly received bodies of all a server's connections may hold together. Each
 * connection's decoder reserves buffer through its {@link Account} before it grows; past the
 * budget it is granted only the bytes it already received, and its connection stops reading
 * ({@link PipeConnection#pauseReading}) until completed bodies free memory. So a flood of
 * half-sent bodies makes the senders wait instead of exhausting the heap.
 * <p>
 * One connection holding a partial body always keeps reading, even past the budget: otherwise
 * connections that each wait for the others to finish would wait forever. The most the bodies hold
 * is therefore the budget plus one largest message plus one read per paused connection.
 */
final class MemoryBudget {

	private final long limit;

	private final AtomicLong used = new AtomicLong();

	/** Accounts holding part of a body. */
	private final Set<Account> holders = ConcurrentHashMap.newKeySet();

	/** Accounts whose connection stopped reading for memory; guarded by itself. */
	private final Set<Account> paused = new LinkedHashSet<>();

	private volatile boolean anyPaused;

	/**
	 * A budget.
	 * @param limit the bytes all partly received bodies may hold together
	 */
	MemoryBudget(long limit) {
		this.limit = limit;
	}

	/**
	 * The default budget: a quarter of the heap the JVM may grow to.
	 * @return the bytes
	 */
	static long defaultLimit() {
		return Runtime.getRuntime().maxMemory() / 4;
	}

	long limit() {
		return this.limit;
	}

	/**
	 * What partly received bodies hold now.
	 * @return the bytes
	 */
	long used() {
		return this.used.get();
	}

	/**
	 * An account for one connection.
	 * @param connection the connection to pause and resume
	 * @return the account
	 */
	Account open(PipeConnection connection) {
		return new Account(connection);
	}

	private boolean isExhausted() {
		return this.used.get() > this.limit;
	}

	/**
	 * Resume what waits for memory: every paused connection once the budget has room, else the
	 * first one if no connection holding a body reads any more.
	 */
	private void wake() {
		// Pauses and resumes are issued under the lock, so a connection's resume never overtakes
		// its pause (the transport applies them in the order issued).
		List<Account> resume = new ArrayList<>();
		synchronized (this.paused) {
			if (this.paused.isEmpty()) {
				return;
			}
			if (!isExhausted()) {
				resume.addAll(this.paused);
			}
			else if (this.holders.size() <= this.paused.size()) {
				resume.add(this.paused.iterator().next());
			}
			resume.forEach(this.paused::remove);
			this.anyPaused = !this.paused.isEmpty();
			resume.forEach((account) -> account.connection.pauseReading(false));
		}
	}

	/**
	 * One connection's share of the budget.
	 */
	final class Account implements BodyMemory {

		private final PipeConnection connection;

		private final AtomicLong held = new AtomicLong();

		Account(PipeConnection connection) {
			this.connection = connection;
		}

		@Override
		public long reserve(long wanted, long needed) {
			long granted = (MemoryBudget.this.used.addAndGet(wanted) <= MemoryBudget.this.limit) ? wanted : needed;
			if (granted != wanted) {
				MemoryBudget.this.used.addAndGet(granted - wanted);
			}
			if (this.held.getAndAdd(granted) == 0 && granted > 0) {
				MemoryBudget.this.holders.add(this);
			}
			return granted;
		}

		@Override
		public void release(long bytes) {
			if (bytes == 0) {
				return;
			}
			MemoryBudget.this.used.addAndGet(-bytes);
			if (this.held.addAndGet(-bytes) == 0) {
				MemoryBudget.this.holders.remove(this);
			}
			if (MemoryBudget.this.anyPaused) {
				wake();
			}
		}

		@Override
		public void releaseAll() {
			long bytes = this.held.getAndSet(0);
			MemoryBudget.this.used.addAndGet(-bytes);
			MemoryBudget.this.holders.remove(this);
			synchronized (MemoryBudget.this.paused) {
				MemoryBudget.this.paused.remove(this);
				MemoryBudget.this.anyPaused = !MemoryBudget.this.paused.isEmpty();
			}
			if (MemoryBudget.this.anyPaused) {
				wake();
			}
		}

		/**
		 * After a read: stop reading from this connection if the budget is spent and it holds part
		 * of a body, unless it is the only such connection still reading.
		 */
		void pauseIfExhausted() {
			if (!isExhausted() || this.held.get() == 0) {
				return;
			}
			synchronized (MemoryBudget.this.paused) {
				if (MemoryBudget.this.paused.contains(this)
						|| MemoryBudget.this.holders.size() - MemoryBudget.this.paused.size() <= 1) {
					return;
				}
				MemoryBudget.this.paused.add(this);
				MemoryBudget.this.anyPaused = true;
				this.connection.pauseReading(true);
			}
			// Memory freed between the check and the pause must not leave this connection waiting.
			wake();
		}

		long held() {
			return this.held.get();
		}

	}

}
