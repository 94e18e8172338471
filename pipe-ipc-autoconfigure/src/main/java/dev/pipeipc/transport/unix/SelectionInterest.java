package dev.pipeipc.transport.unix;

import java.nio.channels.SelectionKey;

/**
 * Which readiness a connection asks its selector loop for. Reading pauses while anyone asks
 * (the handler, a peer that stopped sending), while more than
 * {@value OutboundQueue#HIGH_WATER_MARK} bytes wait for a peer that does not read its replies,
 * and for good once the connection is closing; writing is of interest while bytes are queued.
 * <p>
 * Not thread-safe: the connection guards it with its own lock.
 */
final class SelectionInterest {

	private int readPauses;

	private boolean backPressured;

	/**
	 * Count one more reason to pause reading, or one fewer; reading resumes when none is left.
	 */
	void pauseReading(boolean paused) {
		this.readPauses += paused ? 1 : -1;
	}

	/**
	 * Take the queue's back-pressure into account and compute the interest set.
	 * @param reading whether the connection has a handler to read for
	 * @param outbound the connection's queue of unwritten bytes
	 * @return {@link SelectionKey#OP_READ} and {@link SelectionKey#OP_WRITE} as they apply
	 */
	int update(boolean reading, OutboundQueue outbound) {
		boolean pressured = outbound.isOverHighWaterMark();
		if (pressured != this.backPressured) {
			this.backPressured = pressured;
			pauseReading(pressured);
		}
		int ops = 0;
		if (reading && this.readPauses == 0 && !outbound.isClosing()) {
			ops |= SelectionKey.OP_READ;
		}
		if (!outbound.isEmpty()) {
			ops |= SelectionKey.OP_WRITE;
		}
		return ops;
	}

}
