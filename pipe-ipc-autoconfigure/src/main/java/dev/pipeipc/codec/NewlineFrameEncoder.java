package dev.pipeipc.codec;

import java.nio.ByteBuffer;

/**
 * Ends each message with a line feed. The message itself must not contain one: compact JSON
 * never does, since line breaks inside strings are escaped.
 *
 * <pre>
 * +---------------------------------+------+
 * |   body (any bytes except LF)    |  LF  |
 * +---------------------------------+------+
 * e.g. {"jsonrpc":"2.0","method":"ping"}\n
 * </pre>
 *
 * @see NewlineFrameDecoder
 */
final class NewlineFrameEncoder implements FrameEncoder {

	static final NewlineFrameEncoder INSTANCE = new NewlineFrameEncoder();

	private static final byte[] LINE_END = { '\n' };

	private NewlineFrameEncoder() {
	}

	@Override
	public ByteBuffer[] encode(byte[] message) {
		// A buffer of its own per write: buffers are consumed by writing them.
		return new ByteBuffer[] { ByteBuffer.wrap(message), ByteBuffer.wrap(LINE_END) };
	}

	@Override
	public ByteBuffer[] encode(byte[][] parts) {
		FrameParts.length(parts);
		return FrameParts.around(null, parts, ByteBuffer.wrap(LINE_END));
	}

}
