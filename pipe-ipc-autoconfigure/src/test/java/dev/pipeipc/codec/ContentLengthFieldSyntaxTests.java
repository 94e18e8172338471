package dev.pipeipc.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pipeipc.codec.FrameError.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value of {@code Content-Length} as HTTP defines a field value and LSP uses it: optional
 * spaces and tabs around one or more ASCII digits, nothing else. Each value here is refused with
 * one fatal error quoting it, whole and fed one byte at a time; the cases of {@link FrameErrorTests}
 * (NUL, vertical tab, form feed, a sign, overflow, an empty value, differing duplicates) are not
 * repeated. Duplicates of the same number are one length, as RFC 9110 (section 8.6) allows.
 */
class ContentLengthFieldSyntaxTests {

	@ParameterizedTest(name = "Content-Length:{0}")
	@ValueSource(strings = { " x2", " 2x", " 0x10", " 2.0", " 1e3", " 2;", " \"2\"", " 2,2", " 2 \u00a0", " ,2",
			" 2\u0001" })
	void valueWithAnythingButDigitsAndSpacesOrTabsIsAFatalErrorQuotingIt(String value) {
		byte[] stream = ("Content-Length:" + value + "\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1);
		for (List<Object> events : List.of(decodeWhole(stream), decodeByteByByte(stream))) {
			assertThat(events).singleElement().isInstanceOfSatisfying(FrameError.class, (error) -> {
				assertThat(error.kind()).isEqualTo(Kind.MALFORMED_HEADER);
				assertThat(error.fatal()).isTrue();
				assertThat(error.message()).contains("Content-Length");
			});
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "Content-Length: 2\r\nContent-Length: 2", "Content-Length: 2\r\ncontent-length:\t02 " })
	void identicalValuesGivenTwiceAreOneLengthAsHttpAllows(String header) {
		byte[] stream = (header + "\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);
		RecordingFrameSink.Frame body = RecordingFrameSink.Frame.utf8("{}");
		assertThat(decodeWhole(stream)).containsExactly(body);
		assertThat(decodeByteByByte(stream)).containsExactly(body);
	}

	private static List<Object> decodeWhole(byte[] stream) {
		RecordingFrameSink sink = new RecordingFrameSink();
		Framing.CONTENT_LENGTH.newDecoder(100).decode(ByteBuffer.wrap(stream), sink);
		return sink.events();
	}

	private static List<Object> decodeByteByByte(byte[] stream) {
		FrameDecoder decoder = Framing.CONTENT_LENGTH.newDecoder(100);
		RecordingFrameSink sink = new RecordingFrameSink();
		for (int i = 0; i < stream.length && !sink.hasFatalError(); i++) {
			decoder.decode(ByteBuffer.wrap(stream, i, 1), sink);
		}
		return sink.events();
	}

}
