package dev.pipeipc.jsonrpc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Finds runs of <em>plain</em> text in UTF-8 bytes: printable ASCII other than {@code "} and
 * {@code \}, which a JSON string carries byte for byte, so that long strings can be copied in and
 * out of a message instead of being decoded and escaped one character at a time. Looks at sixteen
 * bytes at a time.
 */
public final class PlainJsonText {

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
		Objects.checkFromToIndex(from, to, bytes.length);
		int i = from;
		while (i <= to - 2 * Long.BYTES) {
			long first = (long) LONGS.get(bytes, i);
			long second = (long) LONGS.get(bytes, i + Long.BYTES);
			if (((first | second | borrows(first, slashIsSpecial, QUOTES) | borrows(second, slashIsSpecial, QUOTES))
					& HIGH_BITS) != 0) {
				break;
			}
			i += 2 * Long.BYTES;
		}
		return endOfBytes(bytes, i, to, slashIsSpecial, false);
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
		Objects.checkFromToIndex(from, to, bytes.length);
		int i = from;
		while (i <= to - 2 * Long.BYTES) {
			long first = (long) LONGS.get(bytes, i);
			long second = (long) LONGS.get(bytes, i + Long.BYTES);
			if (((first | second | borrows(first, slashIsSpecial, QUESTION_MARKS)
					| borrows(second, slashIsSpecial, QUESTION_MARKS)) & HIGH_BITS) != 0) {
				break;
			}
			i += 2 * Long.BYTES;
		}
		return endOfBytes(bytes, i, to, slashIsSpecial, true);
	}

	/**
	 * The high bits of a word's bytes that are below {@code ' '}, {@code "}, {@code \}, also
	 * {@code /} if it is special, or the byte repeated in {@code also} ({@code "} to add nothing);
	 * OR-ed with the word's own, zero only if all eight bytes are plain. In a word of ASCII bytes
	 * a subtraction borrows only from a byte below the one subtracted (a control character, or the
	 * byte looked for, made zero by the xor), and sets that byte's high bit; without a borrow every
	 * high bit stays clear. A word with a non-ASCII byte is refused by its own high bit. Words are
	 * looked at two by two, so that the processor works on both at once.
	 */
	private static long borrows(long word, boolean slashIsSpecial, long also) {
		long borrows = (word - SPACES) | ((word ^ QUOTES) - ONES) | ((word ^ BACKSLASHES) - ONES)
				| ((word ^ also) - ONES);
		if (slashIsSpecial) {
			borrows |= (word ^ SLASHES) - ONES;
		}
		return borrows;
	}

	/** The end of a scan, a byte at a time, from where the words stopped it. */
	private static int endOfBytes(byte[] bytes, int from, int to, boolean slashIsSpecial, boolean questionMarkIsSpecial) {
		for (int i = from; i < to; i++) {
			int b = bytes[i];
			if (b < ' ' || b == '"' || b == '\\' || (slashIsSpecial && b == '/') || (questionMarkIsSpecial && b == '?')) {
				// A byte from 0x80 is negative, so below ' ' too.
				return i;
			}
		}
		return to;
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
