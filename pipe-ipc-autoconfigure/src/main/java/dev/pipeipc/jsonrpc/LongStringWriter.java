package dev.pipeipc.jsonrpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;

/**
 * Writes a long string value of plain ASCII as its bytes, copied once, where Jackson would look
 * at it a character at a time to escape it; every other value is left to the caller's generator.
 * The result is what the mapper writes, byte for byte: the shortcut is only taken when the mapper
 * serializes strings with Jackson's own serializer and writes every printable ASCII character
 * other than {@code "} and {@code \} as it is (a mapper that escapes {@code /}, or all of ASCII,
 * or that quotes with another character, is found out when the first long string comes, not when
 * this writer is made: finding out is Jackson's first serialization, which an application's
 * startup need not pay for), and only for a string that needs no escape.
 */
public final class LongStringWriter {

	/** Shortest string written as bytes. */
	public static final int MIN_LENGTH = 4096;

	private static final String JACKSON_STRING_SERIALIZER = "tools.jackson.databind.ser.jdk.StringSerializer";

	private final ObjectMapper mapper;

	private final ObjectWriter writer;

	/** How the mapper writes strings, found when first needed; a race only finds it twice. */
	private volatile @Nullable Mode mode;

	/**
	 * A writer for what {@code writer} writes.
	 * @param mapper the mapper the writer comes from, whose string serializer is checked
	 * @param writer the writer whose generators this one writes to
	 */
	public LongStringWriter(ObjectMapper mapper, ObjectWriter writer) {
		this.mapper = mapper;
		this.writer = writer;
	}

	private Mode mode() {
		Mode found = this.mode;
		if (found == null) {
			found = findMode();
			this.mode = found;
		}
		return found;
	}

	private Mode findMode() {
		boolean enabled = usesJacksonStringSerializer(this.mapper);
		boolean slashEscaped = false;
		for (char c = ' '; enabled && c <= 0x7F; c++) {
			if (c == '"' || c == '\\') {
				continue;
			}
			boolean unchanged = Arrays.equals(this.writer.writeValueAsBytes(String.valueOf(c)),
					new byte[] { '"', (byte) c, '"' });
			if (c == '/') {
				slashEscaped = !unchanged;
			}
			else {
				enabled = unchanged;
			}
		}
		return new Mode(enabled, slashEscaped);
	}

	private static boolean usesJacksonStringSerializer(ObjectMapper mapper) {
		try {
			return mapper._serializationContext()
				.findValueSerializer(String.class)
				.getClass()
				.getName()
				.equals(JACKSON_STRING_SERIALIZER);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Write a value if it is a long string of plain ASCII.
	 * @param generator where the value goes, positioned for a value
	 * @param value the value
	 * @return whether the value was written; if not, nothing was
	 */
	public boolean write(JsonGenerator generator, Object value) {
		byte[] bytes = plainBytes(value);
		if (bytes == null) {
			return false;
		}
		generator.writeRawUTF8String(bytes, 0, bytes.length);
		return true;
	}

	/**
	 * The bytes a value is written as by {@link #write}, for a caller that wants to size its
	 * buffer first and then write them with {@link JsonGenerator#writeRawUTF8String}.
	 * @param value the value
	 * @return the string's bytes, without quotes, or {@code null} if the value is not a long
	 * string of plain ASCII
	 */
	public byte @Nullable [] plainBytes(Object value) {
		if (!(value instanceof String text) || text.length() < MIN_LENGTH) {
			return null;
		}
		Mode found = mode();
		if (!found.enabled()) {
			return null;
		}
		// Encoding a Latin-1 string as ISO-8859-1 is a plain copy, without the scan for non-ASCII
		// that UTF-8 encoding makes first: characters from 0x80 to 0xFF come out as bytes with the
		// high bit set, which the plain-text check refuses, and any character above as '?', which
		// the same pass stops at, for the text to say whether it is one.
		byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
		if (bytes.length != text.length()) {
			return null;
		}
		int i = 0;
		while ((i = PlainJsonText.endOrQuestionMark(bytes, i, bytes.length, found.slashEscaped())) < bytes.length) {
			if (bytes[i] != '?' || text.charAt(i) != '?') {
				return null;
			}
			i++;
		}
		return bytes;
	}

	/**
	 * Whether long strings are written as bytes by this writer; {@code false} when the mapper
	 * writes strings differently.
	 * @return whether the shortcut is taken
	 */
	public boolean isEnabled() {
		return mode().enabled();
	}

	/**
	 * How the mapper writes strings.
	 * @param enabled whether it writes plain ASCII as it is, with Jackson's string serializer
	 * @param slashEscaped whether it escapes {@code /}
	 */
	private record Mode(boolean enabled, boolean slashEscaped) {
	}

}
