package dev.pipeipc.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Decodes the LSP base protocol: ASCII header lines ended by CRLF, an empty line, then exactly
 * {@code Content-Length} bytes of UTF-8 body.
 *
 * <pre>
 * +------------------------------------------------------------+------+
 * | "Content-Length: " digits                                  | CRLF |
 * +------------------------------------------------------------+------+
 * | "Content-Type: application/vscode-jsonrpc; charset=utf-8"  | CRLF |  (optional)
 * +------------------------------------------------------------+------+
 * | (any other "Name: value" header, ignored)                  | CRLF |
 * +------------------------------------------------------------+------+
 * |                                                            | CRLF |  (end of header)
 * +------------------------------------------------------------+------+
 * | body: Content-Length bytes of UTF-8                               |
 * +-------------------------------------------------------------------+
 * </pre>
 *
 * Header names are case-insensitive and unknown headers are ignored. Name and value may be
 * surrounded by spaces and tabs, and by nothing else: no NUL, vertical tab or form feed, which
 * {@link String#trim()} would strip. A {@code Content-Length} value is ASCII digits only: no
 * sign, no inner space, no overflow of a {@code long}. A header section that is not well formed
 * (no or several differing {@code Content-Length}, a value that is not such a number, a name with
 * an inner space or a control character, a line without a colon, more than {@value #MAX_HEADER_SIZE}
 * bytes) leaves no reliable frame boundary and is fatal; a body over the maximum size or in a
 * charset other than UTF-8 is skipped and reported.
 */
final class ContentLengthFrameDecoder implements FrameDecoder {

	/** Largest header section accepted, in bytes. */
	static final int MAX_HEADER_SIZE = 8192;

	private static final byte[] COMMON_HEADER_PREFIX = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);

	private static final long NOT_DIGITS = -1;

	private static final long OVERFLOW = -2;

	private final int maxMessageSize;

	private final byte[] header = new byte[MAX_HEADER_SIZE];

	private int headerFilled;

	private final LengthDelimitedBody body;

	private boolean failed;

	ContentLengthFrameDecoder(int maxMessageSize) {
		this(maxMessageSize, BodyMemory.UNBOUNDED);
	}

	ContentLengthFrameDecoder(int maxMessageSize, BodyMemory memory) {
		this.maxMessageSize = maxMessageSize;
		this.body = new LengthDelimitedBody(memory);
	}

	@Override
	public void decode(ByteBuffer input, FrameSink sink) {
		while (input.hasRemaining() && !this.failed) {
			if (this.body.isActive()) {
				byte[] message = this.body.consume(input);
				if (message != null) {
					sink.onFrame(message);
				}
				continue;
			}
			if (readHeaderByte(input.get(), sink)) {
				parseHeader(sink);
				this.headerFilled = 0;
			}
		}
		if (this.failed) {
			input.position(input.limit());
		}
	}

	/**
	 * Append one header byte; returns {@code true} once the header section is complete.
	 */
	private boolean readHeaderByte(byte b, FrameSink sink) {
		if (this.headerFilled == MAX_HEADER_SIZE) {
			String start = new String(this.header, 0, 65, StandardCharsets.ISO_8859_1);
			fail(sink, "Header section starting '" + abbreviate(start) + "' exceeds " + MAX_HEADER_SIZE
					+ " bytes without an empty line");
			return false;
		}
		this.header[this.headerFilled++] = b;
		int n = this.headerFilled;
		return n >= 4 && b == '\n' && this.header[n - 2] == '\r' && this.header[n - 3] == '\n'
				&& this.header[n - 4] == '\r';
	}

	private void parseHeader(FrameSink sink) {
		long common = commonHeaderLength(this.header, this.headerFilled - 4);
		if (common >= 0) {
			frameOf(common, null, sink);
			return;
		}
		String section = new String(this.header, 0, this.headerFilled - 4, StandardCharsets.ISO_8859_1);
		long contentLength = -1;
		String charsetProblem = null;
		int lineStart = 0;
		while (lineStart <= section.length()) {
			int lineEnd = section.indexOf("\r\n", lineStart);
			if (lineEnd < 0) {
				lineEnd = section.length();
			}
			String line = section.substring(lineStart, lineEnd);
			lineStart = lineEnd + 2;
			int colon = line.indexOf(':');
			if (colon <= 0) {
				fail(sink, "Header line '" + abbreviate(line) + "' is not of the form 'Name: value'");
				return;
			}
			String name = stripOptionalWhitespace(line.substring(0, colon));
			if (!isToken(name)) {
				fail(sink, "Header name '" + abbreviate(line.substring(0, colon))
						+ "' contains a character other than a visible ASCII character");
				return;
			}
			name = name.toLowerCase(Locale.ROOT);
			String value = stripOptionalWhitespace(line.substring(colon + 1));
			if (name.equals("content-length")) {
				long parsed = parseLength(value);
				if (parsed == NOT_DIGITS) {
					fail(sink, "Content-Length '" + abbreviate(value)
							+ "' is not a non-negative decimal number (digits only, surrounded by spaces or tabs only)");
					return;
				}
				if (parsed == OVERFLOW) {
					fail(sink, "Content-Length '" + abbreviate(value) + "' is larger than " + Long.MAX_VALUE);
					return;
				}
				if (contentLength >= 0 && contentLength != parsed) {
					fail(sink, "Content-Length is given twice with different values " + contentLength + " and "
							+ parsed);
					return;
				}
				contentLength = parsed;
			}
			else if (name.equals("content-type")) {
				charsetProblem = unsupportedCharset(value);
			}
		}
		if (contentLength < 0) {
			fail(sink, "Header section '" + abbreviate(section) + "' has no Content-Length");
			return;
		}
		frameOf(contentLength, charsetProblem, sink);
	}

	/**
	 * The length a header section of exactly {@code Content-Length: <digits>} gives, the section
	 * nearly every client sends, read from its bytes without building strings; any other section
	 * goes through the full parse.
	 * @return the length, or {@code -1} if the section is not of that form
	 */
	private static long commonHeaderLength(byte[] header, int length) {
		int digits = length - COMMON_HEADER_PREFIX.length;
		if (digits < 1 || digits > 18) {
			return -1;
		}
		for (int i = 0; i < COMMON_HEADER_PREFIX.length; i++) {
			if (header[i] != COMMON_HEADER_PREFIX[i]) {
				return -1;
			}
		}
		long value = 0;
		for (int i = COMMON_HEADER_PREFIX.length; i < length; i++) {
			int digit = header[i] - '0';
			if (digit < 0 || digit > 9) {
				return -1;
			}
			value = value * 10 + digit;
		}
		return value;
	}

	private void frameOf(long contentLength, @Nullable String charsetProblem, FrameSink sink) {
		if (contentLength > this.maxMessageSize) {
			this.body.skip(contentLength);
			sink.onFrameError(FrameError.tooLong(contentLength, this.maxMessageSize, false));
		}
		else if (charsetProblem != null) {
			this.body.skip(contentLength);
			sink.onFrameError(new FrameError(FrameError.Kind.UNSUPPORTED_CONTENT_TYPE, charsetProblem, false));
		}
		else if (contentLength == 0) {
			sink.onFrame(new byte[0]);
		}
		else {
			this.body.expect((int) contentLength);
		}
	}

	/**
	 * Parse a Content-Length value: one or more ASCII digits, nothing else (no sign, no inner
	 * space); leading zeros are allowed, as HTTP allows them.
	 * @return the length, {@link #NOT_DIGITS} or {@link #OVERFLOW}
	 */
	private static long parseLength(String value) {
		if (value.isEmpty()) {
			return NOT_DIGITS;
		}
		long result = 0;
		boolean overflow = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return NOT_DIGITS;
			}
			int digit = c - '0';
			if (result > (Long.MAX_VALUE - digit) / 10) {
				// Keep scanning: a non-digit further on is reported as such.
				overflow = true;
			}
			else {
				result = result * 10 + digit;
			}
		}
		return overflow ? OVERFLOW : result;
	}

	/**
	 * Strip the optional whitespace HTTP allows around a field value: spaces and horizontal tabs
	 * only, unlike {@link String#trim()}, which strips every control character (NUL, VT, FF...).
	 */
	static String stripOptionalWhitespace(String value) {
		int start = 0;
		int end = value.length();
		while (start < end && isOptionalWhitespace(value.charAt(start))) {
			start++;
		}
		while (end > start && isOptionalWhitespace(value.charAt(end - 1))) {
			end--;
		}
		return value.substring(start, end);
	}

	private static boolean isOptionalWhitespace(char c) {
		return c == ' ' || c == '\t';
	}

	/**
	 * Whether a header name, stripped of the spaces and tabs around it, is made of visible ASCII
	 * characters only: no inner space, no control character, no byte above 0x7E.
	 */
	private static boolean isToken(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c <= ' ' || c > '~') {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String unsupportedCharset(String contentType) {
		for (String parameter : contentType.split(";")) {
			String trimmed = stripOptionalWhitespace(parameter).toLowerCase(Locale.ROOT);
			if (trimmed.startsWith("charset=")) {
				String charset = trimmed.substring("charset=".length()).replace("\"", "");
				if (!charset.equals("utf-8") && !charset.equals("utf8")) {
					return "Content-Type charset '" + charset + "' is not supported; send UTF-8";
				}
			}
		}
		return null;
	}

	private void fail(FrameSink sink, String message) {
		this.failed = true;
		sink.onFrameError(FrameError.malformed(message));
	}

	/**
	 * Quote a header value in an error message: at most 64 characters, line breaks and other
	 * control characters made visible ({@code \r}, {@code \n}, {@code \t}, {@code \x0B}).
	 */
	private static String abbreviate(String value) {
		String shown = (value.length() <= 64) ? value : value.substring(0, 64);
		StringBuilder quoted = new StringBuilder(shown.length() + 8);
		for (int i = 0; i < shown.length(); i++) {
			char c = shown.charAt(i);
			switch (c) {
				case '\r' -> quoted.append("\\r");
				case '\n' -> quoted.append("\\n");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < ' ' || c == 0x7F) {
						quoted.append(String.format("\\x%02X", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return (value.length() <= 64) ? quoted.toString() : quoted + "...";
	}

}
