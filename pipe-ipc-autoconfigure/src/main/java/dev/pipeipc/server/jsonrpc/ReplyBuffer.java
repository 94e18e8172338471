package dev.pipeipc.server.jsonrpc;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Where a reply is written: a growing byte array, and for a reply that carries a long string,
 * only the envelope around it, split where the string goes ({@link #around}), so that a large
 * reply is neither copied as it grows nor copied again at the end, as a
 * {@link java.io.ByteArrayOutputStream} would copy it.
 */
final class ReplyBuffer extends OutputStream {

	private byte[] bytes = new byte[128];

	private int count;

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
	}

	/**
	 * The reply: the buffer itself when it was sized exactly, else a copy of what was written.
	 * @return the bytes written
	 */
	byte[] toByteArray() {
		if (this.count == this.bytes.length) {
			return this.bytes;
		}
		return Arrays.copyOf(this.bytes, this.count);
	}

	/**
	 * The reply with a long value's bytes in the empty string written last: only the envelope is
	 * written here, and it is split around where the string goes, for the three parts to be sent
	 * one after another.
	 * @param value the string's bytes, already known to need no escape
	 * @return the reply in parts
	 */
	ResponseBody around(byte[] value) {
		int at = this.count - 1;
		while (at > 0 && this.bytes[at] != '"') {
			at--;
		}
		if (at < 1 || this.bytes[at - 1] != '"') {
			throw new IllegalStateException("The reply has no empty string to fill");
		}
		return ResponseBody.around(Arrays.copyOf(this.bytes, at), value,
				Arrays.copyOfRange(this.bytes, at, this.count));
	}

}
