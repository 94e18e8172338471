package dev.pipeipc.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Checks that bytes are well-formed UTF-8 exactly as Unicode defines it (Table 3-7 of the
 * standard), before a message body reaches a parser that may decode leniently:
 *
 * <pre>
 * +-----------+-----------+-----------+-----------+
 * | 00..7F    |           |           |           |
 * | C2..DF    | 80..BF    |           |           |
 * | E0        | A0..BF    | 80..BF    |           |   (no overlong 3-byte form)
 * | E1..EC    | 80..BF    | 80..BF    |           |
 * | ED        | 80..9F    | 80..BF    |           |   (no surrogate D800..DFFF)
 * | EE..EF    | 80..BF    | 80..BF    |           |
 * | F0        | 90..BF    | 80..BF    | 80..BF    |   (no overlong 4-byte form)
 * | F1..F3    | 80..BF    | 80..BF    | 80..BF    |
 * | F4        | 80..8F    | 80..BF    | 80..BF    |   (nothing above U+10FFFF)
 * +-----------+-----------+-----------+-----------+
 * </pre>
 *
 * Anything else is refused: overlong forms ({@code C0}, {@code C1}, {@code E0 80..9F},
 * {@code F0 80..8F}), which would let {@code "\xC1\xA1dd"} pass a filter on bytes and be read as
 * {@code "add"}; encoded surrogates; lead bytes {@code F5..FF}; a continuation byte without a
 * lead; a sequence cut short by the end of the input.
 * <p>
 * The check allocates nothing and reads eight ASCII bytes at a time, so it may run on every
 * message.
 */
public final class Utf8Validator {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final long HIGH_BITS = 0x8080808080808080L;

	private Utf8Validator() {
	}

	/**
	 * Whether all of {@code bytes} is well-formed UTF-8.
	 * @param bytes the bytes to check
	 * @return {@code true} if every byte belongs to a well-formed sequence
	 */
	public static boolean isValid(byte[] bytes) {
		return indexOfInvalid(bytes, 0, bytes.length) < 0;
	}

	/**
	 * Find the first byte where {@code bytes} stops being well-formed UTF-8.
	 * @param bytes the bytes to check
	 * @return the offset of the first byte of the first ill-formed sequence, or {@code -1} if
	 * all bytes are well-formed
	 */
	public static int indexOfInvalid(byte[] bytes) {
		return indexOfInvalid(bytes, 0, bytes.length);
	}

	/**
	 * Find the first byte where {@code bytes[from..to)} stops being well-formed UTF-8. A sequence
	 * that runs past {@code to} is ill-formed.
	 * @param bytes the bytes to check
	 * @param from the first offset checked, inclusive
	 * @param to the end of the range, exclusive
	 * @return the offset of the first byte of the first ill-formed sequence, or {@code -1} if
	 * all bytes in the range are well-formed
	 */
	public static int indexOfInvalid(byte[] bytes, int from, int to) {
		Objects.checkFromToIndex(from, to, bytes.length);
		int i = from;
		while (i < to) {
			while (i <= to - Long.BYTES && (((long) LONGS.get(bytes, i)) & HIGH_BITS) == 0) {
				i += Long.BYTES;
			}
			if (i >= to) {
				break;
			}
			int lead = bytes[i];
			if (lead >= 0) {
				i++;
				continue;
			}
			lead &= 0xFF;
			if (lead < 0xC2) {
				// A continuation byte without a lead, or C0/C1, which only start overlong forms.
				return i;
			}
			if (lead < 0xE0) {
				if (i + 1 >= to || !isContinuation(bytes[i + 1])) {
					return i;
				}
				i += 2;
			}
			else if (lead < 0xF0) {
				if (i + 2 >= to) {
					return i;
				}
				int second = bytes[i + 1] & 0xFF;
				int min = (lead == 0xE0) ? 0xA0 : 0x80;
				int max = (lead == 0xED) ? 0x9F : 0xBF;
				if (second < min || second > max || !isContinuation(bytes[i + 2])) {
					return i;
				}
				i += 3;
			}
			else if (lead < 0xF5) {
				if (i + 3 >= to) {
					return i;
				}
				int second = bytes[i + 1] & 0xFF;
				int min = (lead == 0xF0) ? 0x90 : 0x80;
				int max = (lead == 0xF4) ? 0x8F : 0xBF;
				if (second < min || second > max || !isContinuation(bytes[i + 2]) || !isContinuation(bytes[i + 3])) {
					return i;
				}
				i += 4;
			}
			else {
				// F5..FF: a code point above U+10FFFF, or no UTF-8 byte at all.
				return i;
			}
		}
		return -1;
	}

	/**
	 * Check a whole message body, as a protocol does before parsing it, and describe what is
	 * wrong in a sentence fit for the peer's error reply.
	 * @param message the frame body
	 * @return {@code null} if the body is well-formed UTF-8, otherwise a sentence naming the
	 * offset and the bytes found there
	 */
	public static @Nullable String checkMessage(byte[] message) {
		int index = indexOfInvalid(message, 0, message.length);
		return (index < 0) ? null : describe(message, index);
	}

	private static String describe(byte[] message, int index) {
		int end = Math.min(message.length, index + 4);
		StringBuilder bytes = new StringBuilder();
		for (int i = index; i < end; i++) {
			if (i > index) {
				bytes.append(' ');
			}
			bytes.append(String.format("%02X", message[i] & 0xFF));
		}
		return "Message is not valid UTF-8: the bytes at offset " + index + " (" + bytes
				+ ((end < message.length) ? " ..." : "") + ") do not start a well-formed sequence";
	}

	private static boolean isContinuation(byte b) {
		return (b & 0xC0) == 0x80;
	}

}
