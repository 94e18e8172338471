package dev.pipeipc.jsonrpc;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PlainJsonText} against a byte-by-byte reference: every byte value at every offset of a
 * plain run long enough for the eight-byte path to meet it at each alignment, and random inputs.
 */
class PlainJsonTextTests {

	@Test
	void everyByteAtEveryOffsetIsJudgedAsTheReferenceJudgesIt() {
		for (int b = 0; b < 256; b++) {
			for (int offset = 0; offset < 20; offset++) {
				byte[] bytes = plainRun(24);
				bytes[offset] = (byte) b;
				assertBothScansJudgeAsTheReference(bytes, b, offset);
				assertThat(PlainJsonText.indexOfQuoteOrBackslash(bytes, 0, bytes.length))
					.isEqualTo(referenceQuoteOrBackslash(bytes, 0, bytes.length));
			}
		}
	}

	@Test
	void randomInputsAndRangesAreJudgedAsTheReferenceJudgesThem() {
		Random random = new Random(12);
		for (int run = 0; run < 20_000; run++) {
			byte[] bytes = plainRun(1 + random.nextInt(64));
			for (int k = random.nextInt(3); k > 0; k--) {
				bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
			}
			int from = random.nextInt(bytes.length);
			int to = from + random.nextInt(bytes.length - from + 1);
			boolean slash = random.nextBoolean();
			assertThat(PlainJsonText.end(bytes, from, to, slash)).isEqualTo(referenceEnd(bytes, from, to, slash, false));
			assertThat(PlainJsonText.endOrQuestionMark(bytes, from, to, slash))
				.isEqualTo(referenceEnd(bytes, from, to, slash, true));
			assertThat(PlainJsonText.indexOfQuoteOrBackslash(bytes, from, to))
				.isEqualTo(referenceQuoteOrBackslash(bytes, from, to));
		}
	}

	/**
	 * A long run is looked at as words first and then in blocks: every byte value just before,
	 * at and after each place where one way hands over to the other or a block ends, and at the
	 * last byte, for both methods and both settings.
	 */
	@Test
	void everyByteAtTheSeamsOfALongRunIsJudgedAsTheReferenceJudgesIt() {
		int words = PlainJsonText.WORDS_FIRST;
		int block = PlainJsonText.BLOCK;
		int length = words + 2 * block + 100;
		int[] offsets = { 0, words - 1, words, words + 1, words + block - 1, words + block, words + 2 * block,
				length - 1 };
		for (int b = 0; b < 256; b++) {
			for (int offset : offsets) {
				byte[] bytes = plainRun(length);
				bytes[offset] = (byte) b;
				assertBothScansJudgeAsTheReference(bytes, b, offset);
				for (boolean slash : new boolean[] { false, true }) {
					assertThat(PlainJsonText.end(bytes, 3, Math.max(3, offset + 1), slash)).as("byte %02X at %d, from 3", b, offset)
						.isEqualTo(referenceEnd(bytes, 3, Math.max(3, offset + 1), slash, false));
				}
			}
		}
	}

	private static void assertBothScansJudgeAsTheReference(byte[] bytes, int b, int offset) {
		for (boolean slash : new boolean[] { false, true }) {
			assertThat(PlainJsonText.end(bytes, 0, bytes.length, slash)).as("byte %02X at %d", b, offset)
				.isEqualTo(referenceEnd(bytes, 0, bytes.length, slash, false));
			assertThat(PlainJsonText.endOrQuestionMark(bytes, 0, bytes.length, slash)).as("byte %02X at %d", b, offset)
				.isEqualTo(referenceEnd(bytes, 0, bytes.length, slash, true));
		}
	}

	private static byte[] plainRun(int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) ('a' + (i % 26));
		}
		return bytes;
	}

	private static int referenceEnd(byte[] bytes, int from, int to, boolean slash, boolean questionMark) {
		for (int i = from; i < to; i++) {
			int b = bytes[i] & 0xFF;
			if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\' || (slash && b == '/') || (questionMark && b == '?')) {
				return i;
			}
		}
		return to;
	}

	private static int referenceQuoteOrBackslash(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] == '"' || bytes[i] == '\\') {
				return i;
			}
		}
		return to;
	}

}
