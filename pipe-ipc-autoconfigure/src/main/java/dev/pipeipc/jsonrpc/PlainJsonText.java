package dev.pipeipc.jsonrpc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Finds runs of <em>plain</em> text in UTF-8 bytes: printable ASCII other than {@code "} and
 * {@code \}, which a JSON string carries byte for byte, so that long strings can be copied in and
 * out of a message instead of being decoded and escaped one character at a time.
 * <p>
 * The first {@value #WORDS_FIRST} bytes of a run are looked at sixteen at a time, as two words
 * (most strings of a message end there); what follows, in blocks of {@value #BLOCK} bytes, each
 * copied to a scratch array at offset zero, where the JIT compiles the loop that marks the
 * bytes that end plain text into vector instructions, and {@link Arrays#mismatch} (vectorized
 * too) finds the first mark: about twice as fast as words on a long run.
 */
public final class PlainJsonText {

	/** Bytes of a run looked at as words before blocks take over. */
	static final int WORDS_FIRST = 1024;

	/** Bytes looked at per block: small enough to stay in the processor's first-level cache. */
	static final int BLOCK = 4096;

	private static final byte[] NO_MARKS = new byte[BLOCK];

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private static final long QUOTES = ONES * '"';

	private static final long BACKSLASHES = ONES * '\\';

	private static final long SLASHES = ONES * '/';

	private static final long SPACES = ONES * ' ';

	private static final long QUESTION_MARKS = ONES * '?';

	private PlainJsonText() {
	}

	/**
	 * Find where plain text ends: the first byte in {@code bytes[from..to)} that is a control
	 * character (below {@code 0x20}), not ASCII (from {@code 0x80}), {@code "} or {@code \}, or
	 * also {@code /} when the writer escapes it.
	 * @param bytes the bytes to look at
	 * @param from the first offset looked at
	 * @param to the end of the range, exclusive
	 * @param slashIsSpecial whether {@code /} ends plain text as well
	 * @return the offset of that byte, or {@code to} if every byte is plain
	 */
	public static int end(byte[] bytes, int from, int to, boolean slashIsSpecial) {
		return scan(bytes, from, to, slashIsSpecial, false);
	}

	/**
	 * Find where plain text ends, as {@link #end}, or the first {@code ?}: for bytes encoded from
	 * a {@code String}, where a {@code ?} may stand for a character the charset could not encode,
	 * so that the caller can tell in the same pass whether it does.
	 * @param bytes the bytes to look at
	 * @param from the first offset looked at
	 * @param to the end of the range, exclusive
	 * @param slashIsSpecial whether {@code /} ends plain text as well
	 * @return the offset of the first such byte or {@code ?}, or {@code to} if there is none
	 */
	public static int endOrQuestionMark(byte[] bytes, int from, int to, boolean slashIsSpecial) {
		return scan(bytes, from, to, slashIsSpecial, true);
	}

	private static int scan(byte[] bytes, int from, int to, boolean slashIsSpecial, boolean questionMarkIsSpecial) {
		Objects.checkFromToIndex(from, to, bytes.length);
		int wordsEnd = (to - from > WORDS_FIRST) ? from + WORDS_FIRST : to;
		long also = questionMarkIsSpecial ? QUESTION_MARKS : QUOTES;
		int i = from;
		while (i <= wordsEnd - 2 * Long.BYTES) {
			long first = (long) LONGS.get(bytes, i);
			long second = (long) LONGS.get(bytes, i + Long.BYTES);
			if (((first | second | borrows(first, slashIsSpecial, also) | borrows(second, slashIsSpecial, also))
					& HIGH_BITS) != 0) {
				break;
			}
			i += 2 * Long.BYTES;
		}
		for (; i < wordsEnd; i++) {
			if (!isPlain(bytes[i], slashIsSpecial, questionMarkIsSpecial)) {
				return i;
			}
		}
		return (wordsEnd < to) ? blocksEnd(bytes, wordsEnd, to, slashIsSpecial, questionMarkIsSpecial) : to;
	}

	/**
	 * The high bits of a word's bytes that are below {@code ' '}, {@code "}, {@code \}, also
	 * {@code /} if it is special, or the byte repeated in {@code also} ({@code "} to add nothing);
	 * OR-ed with the word's own, zero only if all eight bytes are plain. In a word of ASCII bytes
	 * a subtraction borrows only from a byte below the one subtracted (a control character, or the
	 * byte looked for, made zero by the xor), and sets that byte's high bit; without a borrow every
	 * high bit stays clear. A word with a non-ASCII byte is refused by its own high bit.
	 */
	private static long borrows(long word, boolean slashIsSpecial, long also) {
		long borrows = (word - SPACES) | ((word ^ QUOTES) - ONES) | ((word ^ BACKSLASHES) - ONES)
				| ((word ^ also) - ONES);
		if (slashIsSpecial) {
			borrows |= (word ^ SLASHES) - ONES;
		}
		return borrows;
	}

	private static boolean isPlain(byte b, boolean slashIsSpecial, boolean questionMarkIsSpecial) {
		// A byte from 0x80 is negative, so below ' ' too.
		return b >= ' ' && b != '"' && b != '\\' && !(slashIsSpecial && b == '/')
				&& !(questionMarkIsSpecial && b == '?');
	}

	private static int blocksEnd(byte[] bytes, int from, int to, boolean slashIsSpecial, boolean questionMarkIsSpecial) {
		byte[] block = new byte[BLOCK];
		byte[] marks = new byte[BLOCK];
		for (int i = from; i < to; i += BLOCK) {
			int n = Math.min(BLOCK, to - i);
			System.arraycopy(bytes, i, block, 0, n);
			if (slashIsSpecial) {
				if (questionMarkIsSpecial) {
					markWithSlashAndQuestionMark(block, marks, n);
				}
				else {
					markWithSlash(block, marks, n);
				}
			}
			else if (questionMarkIsSpecial) {
				markWithQuestionMark(block, marks, n);
			}
			else {
				mark(block, marks, n);
			}
			int first = Arrays.mismatch(marks, 0, n, NO_MARKS, 0, n);
			if (first >= 0) {
				return i + first;
			}
		}
		return to;
	}

	// The marking loops: 0x80 for a byte that ends plain text, else 0. A byte from 0x80 marks
	// itself; a subtraction makes the high bit of a byte below ' ' or, after an xor, equal to the
	// one looked for. Each looks for constants only, which the JIT needs to vectorize the loop.

	private static void mark(byte[] block, byte[] marks, int n) {
		for (int j = 0; j < n; j++) {
			byte b = block[j];
			marks[j] = (byte) ((b | (b - ' ') | ((b ^ '"') - 1) | ((b ^ '\\') - 1)) & 0x80);
		}
	}

	private static void markWithSlash(byte[] block, byte[] marks, int n) {
		for (int j = 0; j < n; j++) {
			byte b = block[j];
			marks[j] = (byte) ((b | (b - ' ') | ((b ^ '"') - 1) | ((b ^ '\\') - 1) | ((b ^ '/') - 1)) & 0x80);
		}
	}

	private static void markWithQuestionMark(byte[] block, byte[] marks, int n) {
		for (int j = 0; j < n; j++) {
			byte b = block[j];
			marks[j] = (byte) ((b | (b - ' ') | ((b ^ '"') - 1) | ((b ^ '\\') - 1) | ((b ^ '?') - 1)) & 0x80);
		}
	}

	private static void markWithSlashAndQuestionMark(byte[] block, byte[] marks, int n) {
		for (int j = 0; j < n; j++) {
			byte b = block[j];
			marks[j] = (byte) ((b | (b - ' ') | ((b ^ '"') - 1) | ((b ^ '\\') - 1) | ((b ^ '/') - 1)
					| ((b ^ '?') - 1)) & 0x80);
		}
	}

	/**
	 * Find the first {@code "} or {@code \} in {@code bytes[from..to)}: where a JSON string that
	 * starts before {@code from} ends or has an escape.
	 * @param bytes the bytes to look at
	 * @param from the first offset looked at
	 * @param to the end of the range, exclusive
	 * @return the offset of that byte, or {@code to} if there is none
	 */
	public static int indexOfQuoteOrBackslash(byte[] bytes, int from, int to) {
		Objects.checkFromToIndex(from, to, bytes.length);
		int i = from;
		while (i <= to - Long.BYTES) {
			long word = (long) LONGS.get(bytes, i);
			if ((zeroByte(word ^ QUOTES) | zeroByte(word ^ BACKSLASHES)) != 0) {
				break;
			}
			i += Long.BYTES;
		}
		while (i < to && bytes[i] != '"' && bytes[i] != '\\') {
			i++;
		}
		return i;
	}

	/**
	 * Non-zero if some byte of {@code word} is zero. A borrow only runs upward from a byte that is
	 * zero, so the answer is exact although the flagged bytes above the first may not be.
	 */
	private static long zeroByte(long word) {
		return (word - ONES) & ~word & HIGH_BITS;
	}

}
