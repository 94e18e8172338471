package dev.pipeipc.codec;

/**
 * Receives what a {@link FrameDecoder} finds in the byte stream.
 */
public interface FrameSink {

	/**
	 * A complete message.
	 * @param message the frame body, owned by the receiver
	 */
	void onFrame(byte[] message);

	/**
	 * A frame that could not be delivered.
	 * @param error what was wrong, as a sentence that includes the offending value
	 */
	void onFrameError(FrameError error);

}
