package dev.pipeipc.codec;

import java.nio.ByteBuffer;

/**
 * Frames outgoing messages: the write side of a {@link Framing}, the counterpart of its
 * {@link FrameDecoder}. Encoders keep no state, so one instance serves every connection and
 * thread.
 */
public interface FrameEncoder {

	/**
	 * Frame one outgoing message.
	 * @param message the message body, not copied: it must not change until the buffers are written
	 * @return the buffers to write, in order (a gathering write sends them without copying the body)
	 */
	ByteBuffer[] encode(byte[] message);

	/**
	 * Frame one outgoing message given in parts, which follow one another in the frame: a large
	 * message put together from pieces (an envelope around a long value) is sent without being
	 * copied into one array first. Unless overridden, the parts are joined and
	 * {@linkplain #encode(byte[]) encoded} as one message.
	 * @param parts the message body's parts, in order, not copied: they must not change until the
	 * buffers are written
	 * @return the buffers to write, in order
	 * @throws IllegalArgumentException if the parts are more than 2 GiB together
	 */
	default ByteBuffer[] encode(byte[][] parts) {
		byte[] message = new byte[FrameParts.length(parts)];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, message, at, part.length);
			at += part.length;
		}
		return encode(message);
	}

}
