package dev.pipeipc.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pipeipc.codec.RecordingFrameSink.Frame;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stream framing, fed the same bytes whole, one byte at a time and in random slices (seeded,
 * so a failure names the seed that reproduces it), in heap and direct buffers: the decoder must
 * report the same frames and errors however the reads fall, as Netty's codec tests check with
 * {@code EmbeddedChannel}.
 */
class FrameDecoderSlicingTests {

	private static final int MAX_MESSAGE_SIZE = 200_000;

	private static final String SMALL = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}";

	private static final String UNICODE = "{\"greeting\":\"Grüße, 世界 👋\"}";

	/** Larger than the decoders' initial body buffer, so the body grows while it arrives. */
	private static final String LARGE = "{\"data\":\"" + "x".repeat(100_000) + "\"}";

	/** Over the limit: reported and skipped, and the stream goes on. */
	private static final String OVERSIZE = "{\"data\":\"" + "y".repeat(300_000) + "\"}";

	static Stream<Arguments> streamFramings() {
		return Stream.of(Framing.CONTENT_LENGTH, Framing.LENGTH_PREFIX, Framing.NEWLINE)
			.flatMap((framing) -> IntStream.rangeClosed(1, 25).mapToObj((seed) -> Arguments.of(framing, seed)));
	}

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void wholeStreamDecodesToTheEncodedMessagesAndTheOversizeError(Framing framing) {
		assertThat(RecordingFrameSink.decodeWhole(framing.newDecoder(MAX_MESSAGE_SIZE), stream(framing)))
			.containsExactlyElementsOf(expectedEvents(framing));
	}

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void oneByteAtATimeDecodesTheSameAsTheWholeStream(Framing framing) {
		byte[] stream = stream(framing);
		FrameDecoder decoder = framing.newDecoder(MAX_MESSAGE_SIZE);
		RecordingFrameSink sink = new RecordingFrameSink();
		for (int i = 0; i < stream.length; i++) {
			ByteBuffer input = ByteBuffer.wrap(stream, i, 1);
			decoder.decode(input, sink);
			assertThat(input.hasRemaining()).isFalse();
		}
		assertThat(sink.events()).containsExactlyElementsOf(expectedEvents(framing));
	}

	@ParameterizedTest(name = "{0}, seed {1}")
	@MethodSource("streamFramings")
	void randomHeapSlicesDecodeTheSameAsTheWholeStream(Framing framing, int seed) {
		assertThat(decodeInRandomSlices(framing, seed, false)).containsExactlyElementsOf(expectedEvents(framing));
	}

	@ParameterizedTest(name = "{0}, seed {1}")
	@MethodSource("streamFramings")
	void randomDirectSlicesDecodeTheSameAsTheWholeStream(Framing framing, int seed) {
		assertThat(decodeInRandomSlices(framing, seed, true)).containsExactlyElementsOf(expectedEvents(framing));
	}

	@Test
	void contentLengthHeadersAreCaseInsensitiveAndUnknownOnesIgnoredInAnySlicing() {
		byte[] stream = ("content-length: 2\r\nX-Trace: abc\r\n"
				+ "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"
				+ "CONTENT-LENGTH:3\r\n\r\n[1]").getBytes(StandardCharsets.US_ASCII);
		List<Object> expected = List.of(Frame.utf8("{}"), Frame.utf8("[1]"));
		assertThat(RecordingFrameSink.decodeWhole(Framing.CONTENT_LENGTH.newDecoder(100), stream))
			.containsExactlyElementsOf(expected);
		for (int seed = 1; seed <= 20; seed++) {
			assertThat(decodeInRandomSlices(Framing.CONTENT_LENGTH, stream, seed, false)).as("seed %d", seed)
				.containsExactlyElementsOf(expected);
		}
	}

	@Test
	void contentLengthNameAndValueMayBeSurroundedBySpacesAndTabsAndHaveLeadingZerosInAnySlicing() {
		byte[] stream = ("Content-Length:\t 2 \t\r\n\r\n{}" + "\tcontent-length :3\r\n\r\n[1]"
				+ "Content-Length: " + "0".repeat(40) + "2\r\n\r\n[]").getBytes(StandardCharsets.US_ASCII);
		List<Object> expected = List.of(Frame.utf8("{}"), Frame.utf8("[1]"), Frame.utf8("[]"));
		assertThat(RecordingFrameSink.decodeWhole(Framing.CONTENT_LENGTH.newDecoder(100), stream))
			.containsExactlyElementsOf(expected);
		for (int seed = 1; seed <= 20; seed++) {
			assertThat(decodeInRandomSlices(Framing.CONTENT_LENGTH, stream, seed, false)).as("seed %d", seed)
				.containsExactlyElementsOf(expected);
		}
	}

	@Test
	void newlineDecoderDropsCarriageReturnsAndBlankLinesInAnySlicing() {
		byte[] stream = "one\r\n\n\r\ntwo\nthree\r\n".getBytes(StandardCharsets.US_ASCII);
		List<Object> expected = List.of(Frame.utf8("one"), Frame.utf8("two"), Frame.utf8("three"));
		for (int seed = 1; seed <= 20; seed++) {
			assertThat(decodeInRandomSlices(Framing.NEWLINE, stream, seed, true)).as("seed %d", seed)
				.containsExactlyElementsOf(expected);
		}
	}

	@Test
	void messageDecoderTakesEachChunkAsOneWholeMessage() {
		FrameDecoder decoder = Framing.MESSAGE.newDecoder(MAX_MESSAGE_SIZE);
		RecordingFrameSink sink = new RecordingFrameSink();
		decoder.decode(ByteBuffer.wrap(SMALL.getBytes(StandardCharsets.UTF_8)), sink);
		decoder.decode(ByteBuffer.wrap("line\none\n".getBytes(StandardCharsets.UTF_8)), sink);
		ByteBuffer direct = ByteBuffer.allocateDirect(64).put(UNICODE.getBytes(StandardCharsets.UTF_8)).flip();
		decoder.decode(direct, sink);
		assertThat(direct.hasRemaining()).isFalse();
		assertThat(sink.events()).containsExactly(Frame.utf8(SMALL), Frame.utf8("line\none\n"), Frame.utf8(UNICODE));
	}

	private static List<Object> decodeInRandomSlices(Framing framing, int seed, boolean direct) {
		return decodeInRandomSlices(framing, stream(framing), seed, direct);
	}

	/**
	 * Feed the stream in slices whose sizes are drawn from a seeded random: mostly small (a header
	 * cut anywhere), sometimes large (several frames in one read).
	 */
	private static List<Object> decodeInRandomSlices(Framing framing, byte[] stream, int seed, boolean direct) {
		Random random = new Random(seed);
		FrameDecoder decoder = framing.newDecoder(MAX_MESSAGE_SIZE);
		RecordingFrameSink sink = new RecordingFrameSink();
		ByteBuffer directBuffer = ByteBuffer.allocateDirect(65_536);
		int position = 0;
		while (position < stream.length) {
			int bound = random.nextBoolean() ? 16 : 65_536;
			int length = Math.min(stream.length - position, 1 + random.nextInt(bound));
			ByteBuffer input = direct ? directBuffer.clear().put(stream, position, length).flip()
					: ByteBuffer.wrap(stream, position, length);
			decoder.decode(input, sink);
			assertThat(input.hasRemaining()).as("seed %d left bytes unconsumed", seed).isFalse();
			position += length;
		}
		return sink.events();
	}

	private static List<String> messages() {
		return List.of(SMALL, UNICODE, LARGE, OVERSIZE, SMALL, LARGE, UNICODE);
	}

	private static byte[] stream(Framing framing) {
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		for (String message : messages()) {
			stream.writeBytes(encoded(framing, message.getBytes(StandardCharsets.UTF_8)));
		}
		if (framing != Framing.NEWLINE) {
			// An empty message is a frame of its own where the length is written out.
			stream.writeBytes(encoded(framing, new byte[0]));
		}
		return stream.toByteArray();
	}

	static byte[] encoded(Framing framing, byte[] message) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		for (ByteBuffer buffer : framing.encode(message)) {
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			frame.writeBytes(bytes);
		}
		return frame.toByteArray();
	}

	private static List<Object> expectedEvents(Framing framing) {
		List<Object> events = new ArrayList<>();
		for (String message : messages()) {
			byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
			events.add((bytes.length > MAX_MESSAGE_SIZE) ? FrameError.tooLong(bytes.length, MAX_MESSAGE_SIZE, false)
					: new Frame(bytes));
		}
		if (framing != Framing.NEWLINE) {
			events.add(new Frame(new byte[0]));
		}
		return events;
	}

}
