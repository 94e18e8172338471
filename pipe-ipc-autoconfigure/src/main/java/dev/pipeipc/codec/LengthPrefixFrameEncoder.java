package dev.pipeipc.codec;

import java.nio.ByteBuffer;

/**
 * Writes each message's length as a 4-byte big-endian integer in front of it.
 *
 * <pre>
 * +--------+--------+--------+--------+------------------------+
 * |      length (int32, big-endian)   |   body (length bytes)  |
 * +--------+--------+--------+--------+------------------------+
 * e.g. a 258-byte body: 0x00 0x00 0x01 0x02, then the body
 * </pre>
 *
 * @see LengthPrefixFrameDecoder
 */
final class LengthPrefixFrameEncoder implements FrameEncoder {

	static final LengthPrefixFrameEncoder INSTANCE = new LengthPrefixFrameEncoder();

	private LengthPrefixFrameEncoder() {
	}

	@Override
	public ByteBuffer[] encode(byte[] message) {
		return new ByteBuffer[] { prefix(message.length), ByteBuffer.wrap(message) };
	}

	@Override
	public ByteBuffer[] encode(byte[][] parts) {
		return FrameParts.around(prefix(FrameParts.length(parts)), parts, null);
	}

	private static ByteBuffer prefix(int length) {
		return ByteBuffer.allocate(Integer.BYTES).putInt(0, length);
	}

}
