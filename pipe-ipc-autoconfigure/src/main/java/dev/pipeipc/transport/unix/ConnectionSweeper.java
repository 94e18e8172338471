package dev.pipeipc.transport.unix;

import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.pipeipc.transport.PipeConnectionHandler;

/**
 * Closes a selector loop's connections that outstay their time: those lingering after a graceful
 * close past their deadline (a peer that never closes its side), and, with an idle timeout, those
 * whose handler has been idle longer with nothing left to write. Runs on the loop's thread after
 * each round of selected keys.
 */
final class ConnectionSweeper {

	private static final Log logger = LogFactory.getLog(ConnectionSweeper.class);

	private final long idleNanos;

	private final List<UnixSocketConnection> lingering = new ArrayList<>();

	private long lastIdleSweep = System.nanoTime();

	/** Connections whose peer shut its sending side while their replies are owed. */
	private final List<UnixSocketConnection> halfClosed = new ArrayList<>();

	private long lastPeerCheck = System.nanoTime();

	/**
	 * Create a sweeper.
	 * @param idleNanos how long a connection may stay idle, or {@code 0} to keep idle connections
	 */
	ConnectionSweeper(long idleNanos) {
		this.idleNanos = idleNanos;
	}

	/**
	 * How long the loop may wait in {@code select} so idle connections are found in time: a
	 * quarter of the idle timeout, between 10 and 250 ms.
	 */
	long selectMillis() {
		return (this.idleNanos > 0) ? Math.max(10, Math.min(250, TimeUnit.NANOSECONDS.toMillis(this.idleNanos) / 4))
				: 250;
	}

	/**
	 * Track a connection whose output is shut down while its input is drained, so it is closed at
	 * the deadline even if the peer never closes its side.
	 */
	void linger(UnixSocketConnection connection) {
		this.lingering.add(connection);
	}

	/**
	 * Check, every {@value #PEER_CHECK_MILLIS} ms until its replies are written, whether the peer
	 * of a half-closed connection has closed its socket, and close the connection then (which
	 * cancels its requests).
	 */
	void watchPeer(UnixSocketConnection connection) {
		this.halfClosed.add(connection);
	}

	/** How often half-closed connections are checked for a peer that has gone. */
	static final long PEER_CHECK_MILLIS = 100;

	/**
	 * Close lingering connections past their deadline, those whose half-closed peer has gone, and, at most every quarter of the idle
	 * timeout, idle ones.
	 * @param keys the loop's registered keys, each with its connection attached
	 */
	void sweep(Set<SelectionKey> keys) {
		if (!this.lingering.isEmpty()) {
			sweepLingering(System.nanoTime());
		}
		if (!this.halfClosed.isEmpty()) {
			long now = System.nanoTime();
			if (now - this.lastPeerCheck >= TimeUnit.MILLISECONDS.toNanos(PEER_CHECK_MILLIS)) {
				this.lastPeerCheck = now;
				this.halfClosed.removeIf((connection) -> !connection.isOpen() || !connection.hasWorkInProgress()
						|| connection.closeIfPeerGone());
			}
		}
		if (this.idleNanos > 0) {
			long now = System.nanoTime();
			if (now - this.lastIdleSweep >= this.idleNanos / 4) {
				this.lastIdleSweep = now;
				sweepIdle(keys, now);
			}
		}
	}

	private void sweepLingering(long now) {
		this.lingering.removeIf((connection) -> {
			if (!connection.isOpen()) {
				return true;
			}
			if (now - connection.lingerDeadline() > 0) {
				connection.close();
				return true;
			}
			return false;
		});
	}

	private void sweepIdle(Set<SelectionKey> keys, long now) {
		for (SelectionKey key : keys) {
			UnixSocketConnection connection = (UnixSocketConnection) key.attachment();
			PipeConnectionHandler handler = connection.handler();
			if (handler != null && !connection.hasPendingWrites() && handler.isIdle(now, this.idleNanos)) {
				logger.debug("Closing pipe connection " + connection.id() + ": idle for longer than "
						+ TimeUnit.NANOSECONDS.toMillis(this.idleNanos) + " ms");
				connection.close();
			}
		}
	}

}
