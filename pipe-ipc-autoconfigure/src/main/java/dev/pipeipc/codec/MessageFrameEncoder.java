package dev.pipeipc.codec;

import java.nio.ByteBuffer;

/**
 * Sends each message as it is: the transport keeps message boundaries (a Win32 message-mode pipe
 * writes the buffers of one call as one message).
 *
 * <pre>
 * +-----------------------------------------+
 * |  body (one transport message)           |
 * +-----------------------------------------+
 * </pre>
 *
 * @see MessageFrameDecoder
 */
final class MessageFrameEncoder implements FrameEncoder {

	static final MessageFrameEncoder INSTANCE = new MessageFrameEncoder();

	private MessageFrameEncoder() {
	}

	@Override
	public ByteBuffer[] encode(byte[] message) {
		return new ByteBuffer[] { ByteBuffer.wrap(message) };
	}

	/**
	 * The parts as they are: the transport writes a frame's buffers as one message.
	 */
	@Override
	public ByteBuffer[] encode(byte[][] parts) {
		FrameParts.length(parts);
		return FrameParts.around(null, parts, null);
	}

}
