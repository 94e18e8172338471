package dev.pipeipc.codec;

import java.nio.ByteBuffer;

/**
 * Takes each chunk it is given as one whole message: the transport has already cut the stream at
 * message boundaries (and enforced the size limit while reassembling).
 *
 * <pre>
 * +-----------------------------------------+
 * |  body (one transport message)           |
 * +-----------------------------------------+
 * </pre>
 */
final class MessageFrameDecoder implements FrameDecoder {

	@Override
	public void decode(ByteBuffer input, FrameSink sink) {
		byte[] message = new byte[input.remaining()];
		input.get(message);
		sink.onFrame(message);
	}

}
