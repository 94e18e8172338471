package dev.pipeipc.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.pipeipc.codec.RecordingFrameSink.Frame;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The encoders alone: the exact bytes each writes, and that each framing's decoder reads back what
 * its encoder wrote.
 */
class FrameEncoderTests {

	private static final byte[] BODY = "{\"jsonrpc\":\"2.0\",\"result\":\"Grüße\",\"id\":7}"
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void contentLengthWritesTheHeaderWithTheByteCountThenTheBody() {
		byte[] body = "{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(ascii(FrameDecoderSlicingTests.encoded(Framing.CONTENT_LENGTH, body)))
			.isEqualTo("Content-Length: 10\r\n\r\n{\"a\":\"\u00c3\u00bc\"}");
	}

	@Test
	void lengthPrefixWritesTheLengthAsFourBigEndianBytes() {
		byte[] frame = FrameDecoderSlicingTests.encoded(Framing.LENGTH_PREFIX, new byte[258]);
		assertThat(frame).hasSize(262).startsWith(0x00, 0x00, 0x01, 0x02);
	}

	@Test
	void newlineEndsTheBodyWithALineFeed() {
		assertThat(ascii(FrameDecoderSlicingTests.encoded(Framing.NEWLINE, "{}".getBytes(StandardCharsets.US_ASCII))))
			.isEqualTo("{}\n");
	}

	@Test
	void messageSendsTheBodyAlone() {
		assertThat(FrameDecoderSlicingTests.encoded(Framing.MESSAGE, BODY)).isEqualTo(BODY);
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void encoderWrapsTheBodyWithoutCopyingIt(Framing framing) {
		ByteBuffer[] buffers = framing.encoder().encode(BODY);
		assertThat(buffers).anySatisfy((buffer) -> assertThat(buffer.array()).isSameAs(BODY));
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void bodyInPartsIsFramedAsTheJoinedBodyWithoutCopyingTheParts(Framing framing) {
		byte[] head = "{\"jsonrpc\":\"2.0\",\"result\":\"".getBytes(StandardCharsets.US_ASCII);
		byte[] string = "Grüße".getBytes(StandardCharsets.UTF_8);
		byte[] tail = "\",\"id\":7}".getBytes(StandardCharsets.US_ASCII);
		byte[][] parts = { head, string, tail };
		ByteBuffer[] buffers = framing.encode(parts);
		assertThat(concat(buffers)).isEqualTo(concat(framing.encode(BODY)));
		for (byte[] part : parts) {
			assertThat(buffers).anySatisfy((buffer) -> assertThat(buffer.array()).isSameAs(part));
		}
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void emptyPartsAreFramedAsAnEmptyBody(Framing framing) {
		assertThat(concat(framing.encode(new byte[][] { {}, {} }))).isEqualTo(concat(framing.encode(new byte[0])));
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void framingEncodeIsItsEncoders(Framing framing) {
		assertThat(FrameDecoderSlicingTests.encoded(framing, BODY))
			.isEqualTo(concat(framing.encoder().encode(BODY)));
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void decoderReadsBackWhatTheEncoderWrote(Framing framing) {
		byte[] frame = concat(framing.encoder().encode(BODY));
		assertThat(RecordingFrameSink.decodeWhole(framing.newDecoder(1024), frame)).containsExactly(new Frame(BODY));
	}

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "MESSAGE" })
	void emptyMessageRoundTrips(Framing framing) {
		byte[] frame = concat(framing.encoder().encode(new byte[0]));
		assertThat(RecordingFrameSink.decodeWhole(framing.newDecoder(1024), frame)).containsExactly(new Frame(new byte[0]));
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void encodingLeavesEveryBufferReadyToWriteFromItsStart(Framing framing) {
		for (ByteBuffer buffer : framing.encoder().encode(BODY)) {
			assertThat(buffer.position()).isZero();
			assertThat(buffer.hasRemaining()).isTrue();
		}
	}

	private static byte[] concat(ByteBuffer[] buffers) {
		int length = 0;
		for (ByteBuffer buffer : buffers) {
			length += buffer.remaining();
		}
		ByteBuffer all = ByteBuffer.allocate(length);
		for (ByteBuffer buffer : buffers) {
			all.put(buffer.duplicate());
		}
		return all.array();
	}

	private static String ascii(byte[] bytes) {
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}

}
