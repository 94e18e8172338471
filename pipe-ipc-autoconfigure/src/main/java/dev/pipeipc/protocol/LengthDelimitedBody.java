package dev.pipeipc.protocol;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * The body half of a length-delimited frame: collects exactly the announced number of bytes, or
 * skips them when the frame was refused for its size. Shared by the decoders whose header states
 * the body length up front.
 */
final class LengthDelimitedBody {

	private byte @Nullable [] body;

	private int filled;

	private long skipRemaining;

	private boolean active;

	/**
	 * Start collecting a body of {@code length} bytes.
	 */
	void expect(int length) {
		this.body = new byte[length];
		this.filled = 0;
		this.skipRemaining = 0;
		this.active = true;
	}

	/**
	 * Start skipping a refused body of {@code length} bytes.
	 */
	void skip(long length) {
		this.body = null;
		this.skipRemaining = length;
		this.active = true;
	}

	boolean isActive() {
		return this.active;
	}

	/**
	 * Take bytes from {@code input} for the current body.
	 * @return the completed body, an empty array marker via {@link #skipped()} after a completed
	 * skip, or {@code null} when more bytes are needed
	 */
	byte @Nullable [] consume(ByteBuffer input) {
		if (this.body == null) {
			int n = (int) Math.min(this.skipRemaining, input.remaining());
			input.position(input.position() + n);
			this.skipRemaining -= n;
			if (this.skipRemaining == 0) {
				this.active = false;
			}
			return null;
		}
		int n = Math.min(this.body.length - this.filled, input.remaining());
		input.get(this.body, this.filled, n);
		this.filled += n;
		if (this.filled < this.body.length) {
			return null;
		}
		byte[] complete = this.body;
		this.body = null;
		this.active = false;
		return complete;
	}

}
