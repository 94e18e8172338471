package dev.pipeipc.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes the LSP base protocol header in front of each message: only {@code Content-Length}, since
 * the body is always UTF-8 (the default {@code Content-Type} of the protocol).
 *
 * <pre>
 * +-----------------------------+------+------+--------------------------+
 * | "Content-Length: " + digits | CRLF | CRLF |   body (length bytes)    |
 * +-----------------------------+------+------+--------------------------+
 * e.g. "Content-Length: 17\r\n\r\n{"jsonrpc":"2.0"}"
 * </pre>
 *
 * @see ContentLengthFrameDecoder
 */
final class ContentLengthFrameEncoder implements FrameEncoder {

	static final ContentLengthFrameEncoder INSTANCE = new ContentLengthFrameEncoder();

	private static final byte[] CONTENT_LENGTH_PREFIX = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] HEADER_END = { '\r', '\n', '\r', '\n' };

	private ContentLengthFrameEncoder() {
	}

	@Override
	public ByteBuffer[] encode(byte[] message) {
		return new ByteBuffer[] { header(message.length), ByteBuffer.wrap(message) };
	}

	@Override
	public ByteBuffer[] encode(byte[][] parts) {
		return FrameParts.around(header(FrameParts.length(parts)), parts, null);
	}

	private static ByteBuffer header(int contentLength) {
		byte[] digits = Integer.toString(contentLength).getBytes(StandardCharsets.US_ASCII);
		ByteBuffer buffer = ByteBuffer.allocate(CONTENT_LENGTH_PREFIX.length + digits.length + HEADER_END.length);
		buffer.put(CONTENT_LENGTH_PREFIX).put(digits).put(HEADER_END);
		return buffer.flip();
	}

}
