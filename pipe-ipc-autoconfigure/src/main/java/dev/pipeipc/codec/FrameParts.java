package dev.pipeipc.codec;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * What the encoders share to frame a message given in parts: its length and its parts wrapped
 * between the framing's own buffers.
 */
final class FrameParts {

	private FrameParts() {
	}

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
	 * The framing's buffers around the parts, each part wrapped without a copy.
	 * @param before the buffer that goes first, or {@code null} for none
	 * @param parts the parts
	 * @param after the buffer that goes last, or {@code null} for none
	 * @return the buffers, in order
	 */
	static ByteBuffer[] around(@Nullable ByteBuffer before, byte[][] parts,
			@Nullable ByteBuffer after) {
		int first = (before != null) ? 1 : 0;
		ByteBuffer[] buffers = new ByteBuffer[first + parts.length + ((after != null) ? 1 : 0)];
		if (before != null) {
			buffers[0] = before;
		}
		for (int i = 0; i < parts.length; i++) {
			buffers[first + i] = ByteBuffer.wrap(parts[i]);
		}
		if (after != null) {
			buffers[buffers.length - 1] = after;
		}
		return buffers;
	}

}
