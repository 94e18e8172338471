package dev.pipeipc.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The body half of a length-delimited frame: collects exactly the announced number of bytes, or
 * skips them when the frame was refused. Shared by the decoders whose header states the body
 * length up front.
 * <p>
 * The buffer grows with the bytes that actually arrive, never beyond the announced length, so a
 * peer that announces a large body and sends little of it costs little memory.
 */
final class LengthDelimitedBody {

	private static final int INITIAL_CAPACITY = 64 * 1024;

	private byte @Nullable [] body;

	private int expected;

	private int filled;

	private long skipRemaining;

	private boolean active;

	private final BodyMemory memory;

	LengthDelimitedBody() {
		this(BodyMemory.UNBOUNDED);
	}

	/**
	 * A body whose buffer grows only as far as {@code memory} grants: fully while memory is left,
	 * else only by the bytes actually received.
	 */
	LengthDelimitedBody(BodyMemory memory) {
		this.memory = memory;
	}

	/**
	 * Start collecting a body of {@code length} bytes.
	 */
	void expect(int length) {
		releaseBody();
		this.body = new byte[(int) this.memory.reserve(Math.min(length, INITIAL_CAPACITY), 0)];
		this.expected = length;
		this.filled = 0;
		this.skipRemaining = 0;
		this.active = true;
	}

	/**
	 * Start skipping a refused body of {@code length} bytes.
	 */
	void skip(long length) {
		releaseBody();
		this.skipRemaining = length;
		this.active = (length > 0);
	}

	boolean isActive() {
		return this.active;
	}

	/**
	 * Take bytes from {@code input} for the current body or skip.
	 * @return the completed body, or {@code null} when more bytes are needed or bytes were skipped
	 */
	byte @Nullable [] consume(ByteBuffer input) {
		byte[] current = this.body;
		if (current == null) {
			int n = (int) Math.min(this.skipRemaining, input.remaining());
			input.position(input.position() + n);
			this.skipRemaining -= n;
			this.active = this.skipRemaining > 0;
			return null;
		}
		int n = Math.min(this.expected - this.filled, input.remaining());
		if (this.filled + n > current.length) {
			long wanted = Math.min(this.expected, Math.max(2L * current.length, (long) this.filled + n));
			long granted = this.memory.reserve(wanted - current.length, (long) this.filled + n - current.length);
			current = Arrays.copyOf(current, (int) (current.length + granted));
			this.body = current;
		}
		input.get(current, this.filled, n);
		this.filled += n;
		if (this.filled < this.expected) {
			return null;
		}
		this.body = null;
		this.active = false;
		this.memory.release(current.length);
		return current;
	}

	private void releaseBody() {
		byte[] current = this.body;
		if (current != null) {
			this.memory.release(current.length);
		}
		this.body = null;
	}

}
