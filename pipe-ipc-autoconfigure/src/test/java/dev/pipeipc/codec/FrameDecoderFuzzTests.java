package dev.pipeipc.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes every frame decoder with hostile bytes. Whatever arrives, a decoder must throw nothing
 * (its only way to complain is a {@link FrameError} through the sink), consume all input, deliver
 * no frame larger than the limit, report nothing after a fatal error, finish within the timeout,
 * and decode a stream cut into arbitrary reads exactly as it decodes the whole stream.
 * <p>
 * A plain build replays the seed corpus in {@code FrameDecoderFuzzTestsInputs/<method>} under the
 * test resources; {@code JAZZER_FUZZ=1} fuzzes one method for its maximum duration (see
 * docs/security.md). The last byte of each input chooses how the stream is cut into reads.
 */
class FrameDecoderFuzzTests {

	/** Small, so that the fuzzer reaches the too-long paths with short inputs. */
	private static final int MAX_MESSAGE_SIZE = 100;

	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void contentLengthDecoder(FuzzedDataProvider data) {
		decodeWholeAndSliced(Framing.CONTENT_LENGTH, data);
	}

	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void lengthPrefixDecoder(FuzzedDataProvider data) {
		decodeWholeAndSliced(Framing.LENGTH_PREFIX, data);
	}

	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void newlineDecoder(FuzzedDataProvider data) {
		decodeWholeAndSliced(Framing.NEWLINE, data);
	}

	/**
	 * Under message framing the transport cuts messages and enforces the limit; the decoder must
	 * hand each chunk on whole, as one frame, whatever it contains.
	 */
	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void messageDecoder(FuzzedDataProvider data) {
		int maxSlice = data.consumeInt(1, MAX_MESSAGE_SIZE);
		byte[] stream = data.consumeRemainingAsBytes();
		FrameDecoder decoder = Framing.MESSAGE.newDecoder(MAX_MESSAGE_SIZE);
		Random slices = new Random(maxSlice);
		int position = 0;
		while (position < stream.length) {
			int length = Math.min(stream.length - position, 1 + slices.nextInt(maxSlice));
			CheckingFrameSink sink = new CheckingFrameSink();
			ByteBuffer input = ByteBuffer.wrap(stream, position, length);
			decoder.decode(input, sink);
			assertThat(input.hasRemaining()).isFalse();
			assertThat(sink.events()).singleElement()
				.isEqualTo(new RecordingFrameSink.Frame(Arrays.copyOfRange(stream, position, position + length)));
			position += length;
		}
	}

	private static void decodeWholeAndSliced(Framing framing, FuzzedDataProvider data) {
		int maxSlice = data.consumeInt(1, 256);
		byte[] stream = data.consumeRemainingAsBytes();
		CheckingFrameSink whole = new CheckingFrameSink();
		ByteBuffer input = ByteBuffer.wrap(stream);
		framing.newDecoder(MAX_MESSAGE_SIZE).decode(input, whole);
		assertThat(input.hasRemaining()).as("input left unconsumed").isFalse();
		assertThat(decodeInSlices(framing, stream, maxSlice)).as("events when read in slices of 1 to %d bytes",
				maxSlice).isEqualTo(whole.events());
	}

	private static List<Object> decodeInSlices(Framing framing, byte[] stream, int maxSlice) {
		FrameDecoder decoder = framing.newDecoder(MAX_MESSAGE_SIZE);
		CheckingFrameSink sink = new CheckingFrameSink();
		Random slices = new Random(maxSlice);
		int position = 0;
		// The contract: a decoder is not fed again after a fatal error.
		while (position < stream.length && !sink.hasFatalError()) {
			int length = Math.min(stream.length - position, 1 + slices.nextInt(maxSlice));
			ByteBuffer input = ByteBuffer.wrap(stream, position, length);
			decoder.decode(input, sink);
			assertThat(input.hasRemaining()).as("input left unconsumed").isFalse();
			position += length;
		}
		return sink.events();
	}

	/**
	 * Records like {@link RecordingFrameSink} and checks each event as it arrives.
	 */
	private static final class CheckingFrameSink implements FrameSink {

		private final RecordingFrameSink recording = new RecordingFrameSink();

		@Override
		public void onFrame(byte[] message) {
			assertThat(this.recording.hasFatalError()).as("a frame after a fatal error").isFalse();
			assertThat(message.length).as("frame size").isLessThanOrEqualTo(MAX_MESSAGE_SIZE);
			this.recording.onFrame(message);
		}

		@Override
		public void onFrameError(FrameError error) {
			assertThat(this.recording.hasFatalError()).as("an error after a fatal error").isFalse();
			assertThat(error.kind()).isNotNull();
			assertThat(error.message()).isNotBlank();
			this.recording.onFrameError(error);
		}

		boolean hasFatalError() {
			return this.recording.hasFatalError();
		}

		List<Object> events() {
			return this.recording.events();
		}

	}

}
