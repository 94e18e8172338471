package dev.pipeipc.benchmark.runner;

import java.nio.charset.StandardCharsets;

/**
 * The echoed text: {@code size} printable ASCII characters, so that every protocol carries it
 * unescaped and a byte of text is a byte on the wire.
 * @param size the number of characters
 * @param text the characters
 */
record Payload(int size, String text) {

	static Payload ofSize(int size) {
		StringBuilder text = new StringBuilder(size);
		for (int i = 0; i < size; i++) {
			text.append((char) ('a' + (i % 26)));
		}
		return new Payload(size, text.toString());
	}

	byte[] bytes() {
		return this.text.getBytes(StandardCharsets.US_ASCII);
	}

	String label() {
		if (this.size >= 1 << 20 && this.size % (1 << 20) == 0) {
			return (this.size >> 20) + " MiB";
		}
		return this.size + " B";
	}

}
