package dev.pipeipc.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decodes one message per line. Lines end with {@code \n}; a {@code \r} before it is dropped and
 * blank lines are ignored. A line longer than the maximum is skipped up to its end and reported,
 * without buffering it.
 *
 * <pre>
 * +----------------------------------+------------+------+
 * |   body (any bytes except LF)     | CR (drop)  |  LF  |
 * +----------------------------------+------------+------+
 * </pre>
 */
final class NewlineFrameDecoder implements FrameDecoder {

	private final int maxMessageSize;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

	/** Largest scratch array kept: a chunk of a direct buffer is at most one read. */
	private static final int MAX_SCRATCH = 64 * 1024;

	private byte[] scratch = new byte[0];

	private boolean discarding;

	private long discarded;

	NewlineFrameDecoder(int maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	@Override
	public void decode(ByteBuffer input, FrameSink sink) {
		while (input.hasRemaining()) {
			int start = input.position();
			int end = indexOfNewline(input, start);
			int chunkEnd = (end >= 0) ? end : input.limit();
			int chunk = chunkEnd - start;
			if (this.discarding) {
				this.discarded += chunk;
			}
			else if (this.line.size() + (long) chunk > this.maxMessageSize) {
				this.discarding = true;
				this.discarded = this.line.size() + (long) chunk;
				this.line.reset();
			}
			else {
				append(input, start, chunk);
			}
			if (end < 0) {
				input.position(input.limit());
				return;
			}
			input.position(end + 1);
			if (this.discarding) {
				this.discarding = false;
				sink.onFrameError(FrameError.tooLong(this.discarded, this.maxMessageSize, false));
				continue;
			}
			byte[] message = this.line.toByteArray();
			this.line.reset();
			int length = message.length;
			if (length > 0 && message[length - 1] == '\r') {
				length--;
			}
			if (length == 0) {
				continue;
			}
			sink.onFrame((length == message.length) ? message : Arrays.copyOf(message, length));
		}
	}

	private void append(ByteBuffer input, int start, int length) {
		if (input.hasArray()) {
			this.line.write(input.array(), input.arrayOffset() + start, length);
			return;
		}
		// A direct buffer (what a socket reads into best) is copied through a scratch array kept
		// for the next chunk, up to the size of a read.
		byte[] scratch = this.scratch;
		if (scratch.length < length) {
			scratch = new byte[length];
			if (length <= MAX_SCRATCH) {
				this.scratch = scratch;
			}
		}
		input.get(start, scratch, 0, length);
		this.line.write(scratch, 0, length);
	}

	private static int indexOfNewline(ByteBuffer input, int from) {
		for (int i = from; i < input.limit(); i++) {
			if (input.get(i) == '\n') {
				return i;
			}
		}
		return -1;
	}

}
