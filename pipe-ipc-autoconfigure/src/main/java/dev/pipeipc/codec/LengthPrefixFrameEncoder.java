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
		ByteBuffer prefix = ByteBuffer.allocate(Integer.BYTES).putInt(0, message.length);
		return new ByteBuffer[] { prefix, ByteBuffer.wrap(message) };
	}

}
