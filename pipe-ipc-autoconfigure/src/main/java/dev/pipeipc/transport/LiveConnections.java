package dev.pipeipc.transport;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The open connections of one listener. Connections remove themselves as they close, and a
 * listener that closes waits here, bounded, for the last of them to finish writing its replies:
 * woken by that removal rather than by polling.
 *
 * @param <C> the transport's connection type
 */
public final class LiveConnections<C> implements Iterable<C> {

	private final Set<C> connections = ConcurrentHashMap.newKeySet();

	private final Object emptied = new Object();

	/**
	 * Track an open connection.
	 * @param connection the connection
	 */
	public void add(C connection) {
		this.connections.add(connection);
	}

	/**
	 * Forget a closed connection, waking a waiting {@link #awaitEmpty} if it was the last.
	 * @param connection the connection
	 */
	public void remove(C connection) {
		if (this.connections.remove(connection) && this.connections.isEmpty()) {
			synchronized (this.emptied) {
				this.emptied.notifyAll();
			}
		}
	}

	/**
	 * The number of open connections.
	 * @return the count
	 */
	public int size() {
		return this.connections.size();
	}

	/**
	 * Whether no connection is open.
	 * @return {@code true} if none is
	 */
	public boolean isEmpty() {
		return this.connections.isEmpty();
	}

	/**
	 * The open connections; weakly consistent, so connections may close while it is iterated.
	 */
	@Override
	public Iterator<C> iterator() {
		return this.connections.iterator();
	}

	/**
	 * Wait until every connection has closed, at most {@code timeoutMillis}. An interrupt ends the
	 * wait early and stays set.
	 * @param timeoutMillis the longest wait
	 * @return whether all connections closed in time
	 */
	public boolean awaitEmpty(long timeoutMillis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		synchronized (this.emptied) {
			while (!this.connections.isEmpty()) {
				long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (remaining <= 0) {
					return false;
				}
				try {
					this.emptied.wait(remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return true;
	}

}
