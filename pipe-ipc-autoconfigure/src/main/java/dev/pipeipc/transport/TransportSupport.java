package dev.pipeipc.transport;

import java.nio.ByteBuffer;
import java.util.Collection;

/**
 * Small pieces every transport needs in the same form: the bounded wait for connections to close
 * gracefully, the pause after a failed accept, and turning a gathered write into one message.
 */
public final class TransportSupport {

	/** Longest wait, in a listener's close, for replies still being written. */
	public static final long CLOSE_TIMEOUT_MILLIS = 5000;

	private TransportSupport() {
	}

	/**
	 * Wait until a set of connections, which remove themselves as they close, is empty.
	 * @param connections the live connections
	 * @param timeoutMillis the longest wait
	 */
	public static void awaitEmpty(Collection<?> connections, long timeoutMillis) {
		long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
		while (!connections.isEmpty() && System.nanoTime() - deadline < 0) {
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Pause briefly after a failed accept or instance creation, so a persistent failure does not
	 * spin a thread.
	 */
	public static void pauseAfterFailure() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Copy the remaining bytes of some buffers into one array, for transports that send each write
	 * as one message.
	 * @param buffers the buffers, consumed
	 * @return their bytes, in order
	 */
	public static byte[] toArray(ByteBuffer... buffers) {
		int length = 0;
		for (ByteBuffer buffer : buffers) {
			length += buffer.remaining();
		}
		byte[] message = new byte[length];
		int position = 0;
		for (ByteBuffer buffer : buffers) {
			int n = buffer.remaining();
			buffer.get(message, position, n);
			position += n;
		}
		return message;
	}

}
