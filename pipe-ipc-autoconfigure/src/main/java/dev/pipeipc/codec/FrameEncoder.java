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

}
