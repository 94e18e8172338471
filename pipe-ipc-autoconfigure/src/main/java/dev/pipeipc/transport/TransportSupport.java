package dev.pipeipc.transport;

import java.nio.ByteBuffer;

/**
 * Small pieces every transport needs in the same form: how long a closing listener waits for
 * replies (see {@link LiveConnections#awaitEmpty}), the pause after a failed accept, and turning a
 * gathered write into one message.
 */
public final class TransportSupport {

	/** Longest wait, in a listener's close, for replies still being written. */
	public static final long CLOSE_TIMEOUT_MILLIS = 5000;

	private TransportSupport() {
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
