package dev.pipeipc.codec;

import java.nio.ByteBuffer;

/**
 * Decodes frames that start with their body length as a 4-byte big-endian signed integer.
 *
 * <pre>
 * +--------+--------+--------+--------+------------------------+
 * |      length (int32, big-endian)   |   body (length bytes)  |
 * +--------+--------+--------+--------+------------------------+
 * </pre>
 *
 * A negative length cannot be skipped and closes the connection; a length over the maximum is
 * skipped and reported, and the stream stays usable.
 */
final class LengthPrefixFrameDecoder implements FrameDecoder {

	private final int maxMessageSize;

	private final byte[] prefix = new byte[4];

	private int prefixFilled;

	private final LengthDelimitedBody body;

	LengthPrefixFrameDecoder(int maxMessageSize) {
		this(maxMessageSize, BodyMemory.UNBOUNDED);
	}

	LengthPrefixFrameDecoder(int maxMessageSize, BodyMemory memory) {
		this.maxMessageSize = maxMessageSize;
		this.body = new LengthDelimitedBody(memory);
	}

	@Override
	public void decode(ByteBuffer input, FrameSink sink) {
		while (input.hasRemaining()) {
			if (this.body.isActive()) {
				byte[] message = this.body.consume(input);
				if (message != null) {
					sink.onFrame(message);
				}
				continue;
			}
			int n = Math.min(4 - this.prefixFilled, input.remaining());
			input.get(this.prefix, this.prefixFilled, n);
			this.prefixFilled += n;
			if (this.prefixFilled < 4) {
				return;
			}
			this.prefixFilled = 0;
			int length = ByteBuffer.wrap(this.prefix).getInt();
			if (length < 0) {
				sink.onFrameError(FrameError.malformed("Length prefix " + length + " is negative"));
				input.position(input.limit());
				return;
			}
			if (length > this.maxMessageSize) {
				this.body.skip(length);
				sink.onFrameError(FrameError.tooLong(length, this.maxMessageSize, false));
			}
			else if (length == 0) {
				sink.onFrame(new byte[0]);
			}
			else {
				this.body.expect(length);
			}
		}
	}

}
