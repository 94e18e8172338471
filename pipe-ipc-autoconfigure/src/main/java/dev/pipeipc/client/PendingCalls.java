package dev.pipeipc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The calls waiting for answers on one connection, by id. The table belongs to its connection:
 * when that connection ends, it fails exactly the calls sent on it, never one a later connection
 * carries.
 * <p>
 * Closing and adding race safely: a call added to a table that is closing either is failed by the
 * close, or sees the close and fails itself, so no call waits on a dead connection.
 */
final class PendingCalls {

	private final Map<Long, PendingCall<?>> calls = new ConcurrentHashMap<>();

	private volatile @Nullable RuntimeException closedWith;

	/**
	 * Add a call about to be written.
	 * @param call the call
	 * @return {@code true} if it waits here now; {@code false} if the table is closed (the call has
	 * been failed with the reason) or the call was completed already (cancelled or timed out)
	 */
	boolean add(PendingCall<?> call) {
		this.calls.put(call.id(), call);
		RuntimeException closed = this.closedWith;
		if (closed != null) {
			if (this.calls.remove(call.id(), call)) {
				call.fail(closed);
			}
			return false;
		}
		if (call.future().isDone()) {
			this.calls.remove(call.id(), call);
			return false;
		}
		return true;
	}

	/**
	 * Take the call an answer is for.
	 * @param id the answer's id
	 * @return the call, now no longer waiting, or {@code null} if none waits with that id
	 */
	@Nullable PendingCall<?> take(long id) {
		return this.calls.remove(id);
	}

	/**
	 * The call an answer is for, left waiting.
	 * @param id the answer's id
	 * @return the call, or {@code null} if none waits with that id
	 */
	@Nullable PendingCall<?> get(long id) {
		return this.calls.get(id);
	}

	/**
	 * Stop waiting for a call without completing it.
	 * @param call the call
	 * @return {@code true} if it was waiting here
	 */
	boolean remove(PendingCall<?> call) {
		return this.calls.remove(call.id(), call);
	}

	/**
	 * Fail every call waiting now; calls added later still wait normally.
	 * @param failure the reason
	 * @return the ids of the calls failed
	 */
	List<Long> failAll(RuntimeException failure) {
		List<Long> failed = new ArrayList<>();
		for (Long id : List.copyOf(this.calls.keySet())) {
			PendingCall<?> call = this.calls.remove(id);
			if (call != null) {
				failed.add(id);
				call.fail(failure);
			}
		}
		return failed;
	}

	/**
	 * Fail every call waiting and every call added from now on.
	 * @param failure the reason
	 * @return the ids of the calls failed
	 */
	List<Long> close(RuntimeException failure) {
		if (this.closedWith == null) {
			this.closedWith = failure;
		}
		return failAll(failure);
	}

	/**
	 * Why the table was closed.
	 * @return the first reason it was closed with, or {@code null} while it is open
	 */
	@Nullable RuntimeException closedWith() {
		return this.closedWith;
	}

	/**
	 * How many calls wait.
	 * @return the count
	 */
	int size() {
		return this.calls.size();
	}

}
