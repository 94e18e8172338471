package dev.pipeipc.codec;

import java.nio.ByteBuffer;

/**
 * Cuts a byte stream into messages. A decoder belongs to one connection and is fed every chunk read
 * from it, in order; it keeps partial frames between calls, so a frame split across any number of
 * reads is reassembled, and several frames in one read are all delivered.
 * <p>
 * The size limit is checked from the frame's header, before the body is buffered, so an announced
 * oversize body is never allocated.
 */
public interface FrameDecoder {

	/**
	 * Consume all remaining bytes of {@code input}, reporting each complete frame or framing error
	 * to {@code sink}. After a {@linkplain FrameSink#onFrameError fatal error} the decoder must not
	 * be fed again.
	 * @param input bytes read from the connection; fully consumed on return
	 * @param sink receives frames and errors
	 */
	void decode(ByteBuffer input, FrameSink sink);

}
