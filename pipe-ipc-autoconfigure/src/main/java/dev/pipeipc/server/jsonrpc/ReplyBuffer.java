package dev.pipeipc.server.jsonrpc;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Where a reply is written: a byte array that a writer who knows the reply's size can size once
 * ({@link #reserve}), so that a large reply is neither copied as it grows nor copied again at the
 * end, as a {@link java.io.ByteArrayOutputStream} would copy it.
 */
final class ReplyBuffer extends OutputStream {

	private byte[] bytes = new byte[128];

	private int count;

	/** How often the bytes written so far were copied: growing, or a final copy. */
	private int copies;

	/**
	 * Make room for exactly {@code more} bytes after those written so far.
	 * @param more the bytes still to come
	 */
	void reserve(int more) {
		int size = this.count + more;
		if (size > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, size);
		}
		this.copies = 0;
	}

	@Override
	public void write(int b) {
		if (this.count == this.bytes.length) {
			grow(this.count + 1);
		}
		this.bytes[this.count++] = (byte) b;
	}

	@Override
	public void write(byte[] b, int off, int len) {
		if (len > this.bytes.length - this.count) {
			grow(this.count + len);
		}
		System.arraycopy(b, off, this.bytes, this.count, len);
		this.count += len;
	}

	private void grow(int needed) {
		if (needed < 0) {
			throw new OutOfMemoryError("A reply of more than 2 GiB cannot be written.");
		}
		int doubled = this.bytes.length * 2;
		this.bytes = Arrays.copyOf(this.bytes, (doubled > needed) ? doubled : needed);
		this.copies++;
	}

	/**
	 * The reply: the buffer itself when it was sized exactly, else a copy of what was written.
	 * @return the bytes written
	 */
	byte[] toByteArray() {
		if (this.count == this.bytes.length) {
			return this.bytes;
		}
		this.copies++;
		return Arrays.copyOf(this.bytes, this.count);
	}

	/**
	 * How often the bytes were copied after {@link #reserve}: growing, or the final copy.
	 * @return the number of copies since the last reserve
	 */
	int copiesSinceReserve() {
		return this.copies;
	}

}
