package dev.pipeipc.transport;

import java.nio.ByteBuffer;

/**
 * Receives what arrives on one connection. Methods are called by the transport's I/O thread, one at
 * a time per connection, and must not block.
 */
public interface PipeConnectionHandler {

	/**
	 * Bytes arrived. Under message framing each call carries exactly one whole message.
	 * @param data the bytes, valid only during the call
	 */
	void onData(ByteBuffer data);

	/**
	 * Under message framing, a message larger than the maximum arrived; the transport skipped it.
	 * @param length the message's size in bytes, as far as it was read
	 */
	default void onMessageTooLong(long length) {
	}

	/**
	 * Under message framing, the transport is about to hold more of a message it is putting
	 * together from parts (a message larger than its read buffer): the handler counts the bytes
	 * against what all connections may hold together, and may pause this connection's reading
	 * ({@link PipeConnection#pauseReading}) until memory is freed, as it does for a partly
	 * received body it decodes itself.
	 * @param bytes the bytes about to be held
	 */
	default void holdingPartOfMessage(long bytes) {
	}

	/**
	 * Under message framing, bytes counted by {@link #holdingPartOfMessage} are no longer held by
	 * the transport: the message was handed on whole, or skipped.
	 * @param bytes the bytes released
	 */
	default void releasedPartsOfMessage(long bytes) {
	}

	/**
	 * The peer will send nothing more (it shut down its sending side) but may still read. The
	 * handler should close the connection after the replies still owed have been written.
	 */
	void onInputClosed();

	/**
	 * The connection closed, from either side. Called exactly once.
	 */
	void onClosed();

	/**
	 * Whether the connection has been quiet for at least the given time: no complete message
	 * received, no reply pending. A half-received message does not count as activity.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @param idleNanos the idle time allowed
	 * @return {@code true} if the connection may be closed as idle
	 */
	boolean isIdle(long nowNanos, long idleNanos);

	/**
	 * Whether work for this connection is in progress that a peer gone for good should cancel.
	 * The transport then checks, at end of stream and while the replies are owed, whether the
	 * peer closed its socket or only shut its sending side, and closes the connection in the
	 * first case.
	 * @return {@code true} while requests of this connection are being handled
	 */
	default boolean hasWorkInProgress() {
		return false;
	}

}
