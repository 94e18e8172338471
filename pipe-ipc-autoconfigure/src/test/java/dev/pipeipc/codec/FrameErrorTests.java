package dev.pipeipc.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pipeipc.codec.FrameError.Kind;
import dev.pipeipc.codec.RecordingFrameSink.Frame;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every frame error the decoders report, one row each: the bytes, the kind, whether it is fatal,
 * and the bad value its message must name. A non-fatal error must leave the stream usable, so the
 * row is followed by a good frame that must decode; a fatal one must consume all input and report
 * nothing else. Each row is fed whole and one byte at a time.
 */
class FrameErrorTests {

	private static final int MAX = 10;

	static Stream<Arguments> errors() {
		return Stream.of(
				row("Content-Length not a number", Framing.CONTENT_LENGTH, "Content-Length: abc\r\n\r\n",
						Kind.MALFORMED_HEADER, true, "'abc'"),
				row("Content-Length negative", Framing.CONTENT_LENGTH, "Content-Length: -5\r\n\r\n",
						Kind.MALFORMED_HEADER, true, "'-5'"),
				row("Content-Length of more than 18 digits", Framing.CONTENT_LENGTH,
						"Content-Length: 1234567890123456789012\r\n\r\n", Kind.MALFORMED_HEADER, true,
						"'1234567890123456789012'"),
				row("Content-Length with a plus sign", Framing.CONTENT_LENGTH, "Content-Length: +2\r\n\r\n{}",
						Kind.MALFORMED_HEADER, true, "'+2'"),
				row("Content-Length after a NUL", Framing.CONTENT_LENGTH, "Content-Length: \u00002\r\n\r\n{}",
						Kind.MALFORMED_HEADER, true, "'\\x002'"),
				row("Content-Length before a NUL", Framing.CONTENT_LENGTH, "Content-Length: 2\u0000\r\n\r\n{}",
						Kind.MALFORMED_HEADER, true, "'2\\x00'"),
				row("Content-Length after a vertical tab", Framing.CONTENT_LENGTH,
						"Content-Length:\u000b2\r\n\r\n{}", Kind.MALFORMED_HEADER, true, "'\\x0B2'"),
				row("Content-Length before a form feed", Framing.CONTENT_LENGTH,
						"Content-Length: 2\u000c\r\n\r\n{}", Kind.MALFORMED_HEADER, true, "'2\\x0C'"),
				row("Content-Length with a space between digits", Framing.CONTENT_LENGTH,
						"Content-Length: 1 2\r\n\r\n{}", Kind.MALFORMED_HEADER, true, "'1 2'"),
				row("Content-Length in superscript digits", Framing.CONTENT_LENGTH,
						"Content-Length: \u00b2\r\n\r\n{}", Kind.MALFORMED_HEADER, true, "'\u00b2'"),
				row("Content-Length empty", Framing.CONTENT_LENGTH, "Content-Length: \t \r\n\r\n{}",
						Kind.MALFORMED_HEADER, true, "Content-Length ''"),
				row("Content-Length one over the largest long", Framing.CONTENT_LENGTH,
						"Content-Length: 9223372036854775808\r\n\r\n{}", Kind.MALFORMED_HEADER, true,
						"'9223372036854775808'", "larger than 9223372036854775807"),
				row("header name with a vertical tab before the colon", Framing.CONTENT_LENGTH,
						"Content-Length\u000b: 2\r\n\r\n{}", Kind.MALFORMED_HEADER, true, "'Content-Length\\x0B'"),
				row("header name with an inner space", Framing.CONTENT_LENGTH, "Content Length: 2\r\n\r\n{}",
						Kind.MALFORMED_HEADER, true, "'Content Length'"),
				row("header name with a control character", Framing.CONTENT_LENGTH,
						"Content\u0000Length: 2\r\n\r\n{}", Kind.MALFORMED_HEADER, true, "'Content\\x00Length'"),
				row("Content-Length twice, differing", Framing.CONTENT_LENGTH,
						"Content-Length: 2\r\nContent-Length: 3\r\n\r\n", Kind.MALFORMED_HEADER, true, "2 and 3"),
				row("no Content-Length", Framing.CONTENT_LENGTH, "Content-Type: application/json\r\n\r\n",
						Kind.MALFORMED_HEADER, true, "'Content-Type: application/json'"),
				row("header line without a colon", Framing.CONTENT_LENGTH, "Content-Length: 2\r\nNoColonHere\r\n\r\n{}",
						Kind.MALFORMED_HEADER, true, "'NoColonHere'"),
				row("empty header section", Framing.CONTENT_LENGTH, "\r\n\r\n{}", Kind.MALFORMED_HEADER, true,
						"Header line ''"),
				row("header section without an end", Framing.CONTENT_LENGTH,
						"Content-Length: 2\r\n" + "X-Padding: " + "p".repeat(ContentLengthFrameDecoder.MAX_HEADER_SIZE),
						Kind.MALFORMED_HEADER, true, "'Content-Length: 2\\r\\nX-Padding: ppp", "8192 bytes"),
				row("Content-Length over the maximum", Framing.CONTENT_LENGTH,
						"Content-Length: 11\r\n\r\n{\"a\":\"bcd\"}", Kind.TOO_LONG, false, "11 bytes", MAX + " bytes"),
				row("charset other than UTF-8", Framing.CONTENT_LENGTH,
						"Content-Length: 2\r\nContent-Type: application/json; charset=ISO-8859-1\r\n\r\n{}",
						Kind.UNSUPPORTED_CONTENT_TYPE, false, "'iso-8859-1'"),
				row("negative length prefix", Framing.LENGTH_PREFIX, "\u00ff\u00ff\u00ff\u00fe{}", Kind.MALFORMED_HEADER,
						true, "-2"),
				row("length prefix over the maximum", Framing.LENGTH_PREFIX, "\u0000\u0000\u0000\u000b{\"a\":\"bcd\"}",
						Kind.TOO_LONG, false, "11 bytes", MAX + " bytes"),
				row("line over the maximum", Framing.NEWLINE, "{\"a\":\"bcd\"}\r\n", Kind.TOO_LONG, false, "12 bytes",
						MAX + " bytes"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("errors")
	void wholeInputReportsTheErrorNamingTheBadValue(String description, Framing framing, byte[] input, Kind kind,
			boolean fatal, List<String> namedValues) {
		assertErrorRow(RecordingFrameSink.decodeWhole(framing.newDecoder(MAX), withFollowingFrame(framing, input)),
				kind, fatal, namedValues);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("errors")
	void oneByteAtATimeReportsTheSameError(String description, Framing framing, byte[] input, Kind kind, boolean fatal,
			List<String> namedValues) {
		FrameDecoder decoder = framing.newDecoder(MAX);
		RecordingFrameSink sink = new RecordingFrameSink();
		byte[] stream = withFollowingFrame(framing, input);
		// The contract: a decoder is not fed again after a fatal error.
		for (int i = 0; i < stream.length && !sink.hasFatalError(); i++) {
			decoder.decode(ByteBuffer.wrap(stream, i, 1), sink);
		}
		assertErrorRow(sink.events(), kind, fatal, namedValues);
	}

	private static void assertErrorRow(List<Object> events, Kind kind, boolean fatal, List<String> namedValues) {
		assertThat(events).first().isInstanceOfSatisfying(FrameError.class, (error) -> {
			assertThat(error.kind()).isEqualTo(kind);
			assertThat(error.fatal()).isEqualTo(fatal);
			assertThat(error.message()).contains(namedValues);
		});
		if (fatal) {
			assertThat(events).hasSize(1);
		}
		else {
			assertThat(events).hasSize(2).last().isEqualTo(Frame.utf8("[1]"));
		}
	}

	/**
	 * A good frame after a non-fatal error proves the stream is still usable; after a fatal one it
	 * proves the decoder drops what follows.
	 */
	private static byte[] withFollowingFrame(Framing framing, byte[] input) {
		byte[] next = FrameDecoderSlicingTests.encoded(framing, "[1]".getBytes(StandardCharsets.US_ASCII));
		byte[] stream = new byte[input.length + next.length];
		System.arraycopy(input, 0, stream, 0, input.length);
		System.arraycopy(next, 0, stream, input.length, next.length);
		return stream;
	}

	private static Arguments row(String description, Framing framing, String input, Kind kind, boolean fatal,
			String... namedValues) {
		return Arguments.of(description, framing, input.getBytes(StandardCharsets.ISO_8859_1), kind, fatal,
				List.of(namedValues));
	}

}
