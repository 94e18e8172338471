package dev.pipeipc.benchmark.runner;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Buffered reading of the three wire formats the clients meet: text header blocks ending in an
 * empty line (Content-Length framing and HTTP), lines (HTTP chunk sizes), big-endian length
 * prefixes, and bodies, which are counted and dropped rather than kept.
 */
final class ChannelInput {

	private final ReadableByteChannel channel;

	private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();

	ChannelInput(ReadableByteChannel channel) {
		this.channel = channel;
	}

	/**
	 * Read up to and including the first empty line.
	 * @return the header lines, without the empty line
	 */
	String readHeaderBlock() throws IOException {
		StringBuilder header = new StringBuilder(64);
		while (true) {
			char c = nextChar();
			header.append(c);
			int length = header.length();
			if (c == '\n' && length >= 4 && header.charAt(length - 2) == '\r' && header.charAt(length - 3) == '\n'
					&& header.charAt(length - 4) == '\r') {
				header.setLength(length - 4);
				return header.toString();
			}
		}
	}

	String readLine() throws IOException {
		StringBuilder line = new StringBuilder(16);
		while (true) {
			char c = nextChar();
			if (c == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			line.append(c);
		}
	}

	private char nextChar() throws IOException {
		if (!this.buffer.hasRemaining()) {
			fill();
		}
		return (char) (this.buffer.get() & 0xff);
	}

	int readInt() throws IOException {
		while (this.buffer.remaining() < 4) {
			this.buffer.compact();
			int read = this.channel.read(this.buffer);
			this.buffer.flip();
			if (read < 0) {
				throw new EOFException("The server closed the connection");
			}
		}
		return this.buffer.getInt();
	}

	/**
	 * Consume a body of the given size.
	 */
	void skip(long size) throws IOException {
		long left = size;
		while (left > 0) {
			if (!this.buffer.hasRemaining()) {
				fill();
			}
			int step = (int) Math.min(left, this.buffer.remaining());
			this.buffer.position(this.buffer.position() + step);
			left -= step;
		}
	}

	/**
	 * Read a body of the given size as text (for the floor server's request, which it parses).
	 */
	String readText(int size) throws IOException {
		byte[] body = new byte[size];
		int at = 0;
		while (at < size) {
			if (!this.buffer.hasRemaining()) {
				fill();
			}
			int step = Math.min(size - at, this.buffer.remaining());
			this.buffer.get(body, at, step);
			at += step;
		}
		return new String(body, StandardCharsets.UTF_8);
	}

	private void fill() throws IOException {
		this.buffer.clear();
		int read = this.channel.read(this.buffer);
		this.buffer.flip();
		if (read < 0) {
			throw new EOFException("The server closed the connection");
		}
	}

	/**
	 * The value of a header, matched without regard to case, or {@code null}.
	 */
	static String header(String block, String name) {
		for (String line : block.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
				return line.substring(colon + 1).trim();
			}
		}
		return null;
	}

}
