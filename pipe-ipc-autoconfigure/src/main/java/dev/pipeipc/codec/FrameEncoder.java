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
	 * copied into one array first.
	 * @param parts the message body's parts, in order, not copied: they must not change until the
	 * buffers are written
	 * @return the buffers to write, in order
	 */
	ByteBuffer[] encode(byte[][] parts);

	/**
	 * The length of a message given in parts.
	 * @param parts the parts
	 * @return the sum of their lengths
	 * @throws IllegalArgumentException if it is over {@link Integer#MAX_VALUE}
	 */
	static int length(byte[][] parts) {
		long length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		if (length > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("A message of " + length + " bytes is longer than a frame can carry");
		}
		return (int) length;
	}

	/**
	 * The parts wrapped, in order, with room for buffers before and after them.
	 * @param parts the parts
	 * @param before how many buffers go first
	 * @param after how many buffers go last
	 * @return the buffers, with {@code before} and {@code after} slots left {@code null}
	 */
	static ByteBuffer[] wrap(byte[][] parts, int before, int after) {
		ByteBuffer[] buffers = new ByteBuffer[before + parts.length + after];
		for (int i = 0; i < parts.length; i++) {
			buffers[before + i] = ByteBuffer.wrap(parts[i]);
		}
		return buffers;
	}

}
