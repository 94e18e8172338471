package dev.pipeipc.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FrameSink} that records what a decoder reports, in order: each frame as a
 * {@link Frame} and each error as the {@link FrameError} itself, so two feedings of the same bytes
 * can be compared with {@code equals}.
 */
final class RecordingFrameSink implements FrameSink {

	private final List<Object> events = new ArrayList<>();

	@Override
	public void onFrame(byte[] message) {
		this.events.add(new Frame(message));
	}

	@Override
	public void onFrameError(FrameError error) {
		this.events.add(error);
	}

	List<Object> events() {
		return this.events;
	}

	boolean hasFatalError() {
		return this.events.stream().anyMatch((event) -> event instanceof FrameError error && error.fatal());
	}

	/**
	 * Feed a whole byte array to a decoder in one heap buffer.
	 */
	static List<Object> decodeWhole(FrameDecoder decoder, byte[] stream) {
		RecordingFrameSink sink = new RecordingFrameSink();
		ByteBuffer input = ByteBuffer.wrap(stream);
		decoder.decode(input, sink);
		if (input.hasRemaining()) {
			throw new AssertionError("Decoder left " + input.remaining() + " bytes unconsumed");
		}
		return sink.events();
	}

	/**
	 * A decoded frame, compared by its bytes (held as ISO-8859-1 text, one char per byte).
	 * @param body the frame's bytes
	 */
	record Frame(String body) {

		Frame(byte[] body) {
			this(new String(body, StandardCharsets.ISO_8859_1));
		}

		static Frame utf8(String text) {
			return new Frame(text.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String toString() {
			return (this.body.length() <= 40) ? "Frame[" + this.body + "]"
					: "Frame[" + this.body.length() + " bytes: " + this.body.substring(0, 40) + "...]";
		}

	}

}
