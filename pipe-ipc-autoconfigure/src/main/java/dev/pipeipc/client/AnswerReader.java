package dev.pipeipc.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;

import dev.pipeipc.jsonrpc.JsonReadLimits;
import dev.pipeipc.jsonrpc.PlainJsonText;

/**
 * Reads the common answer, {@code {"jsonrpc":"2.0","id":7,"result":...}}, straight from the
 * message's bytes into the result type of the call it answers, without building a tree of the
 * message first and reading the result from that tree. Anything else (a batch, an error, a
 * notification, an id after the result, a repeated member, a result that cannot be read as its
 * type, JSON that is not valid) is left to the {@link ResponseRouter}'s tree, which handles every
 * case and reports the failures, so this reader changes nothing but the speed.
 * <p>
 * A string result read as a {@code String} is taken from the parser, without a reader and a
 * deserialization context made for it, when the mapper reads strings with Jackson's own
 * deserializer, which returns the parser's string for a string token (found out when the first
 * string result comes). The answer pipe-ipc's server writes for a string result,
 * {@code {"jsonrpc":"2.0","id":7,"result":"text"}} with text of printable ASCII and no escape, is
 * recognized byte by byte ({@link #completeIfPlainString}) and its string made with one copy,
 * without a parser at all: the same string Jackson would read.
 */
final class AnswerReader {

	private static final Log logger = LogFactory.getLog(ResponseRouter.class);

	private static final byte[] PLAIN_HEAD = "{\"jsonrpc\":\"2.0\",\"id\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] PLAIN_RESULT = ",\"result\":\"".getBytes(StandardCharsets.US_ASCII);

	/** Most digits of an id read byte by byte: any 18 digits fit in a {@code long}. */
	private static final int MAX_ID_DIGITS = 18;

	private static final String JACKSON_STRING_DESERIALIZER = "tools.jackson.databind.deser.jdk.StringDeserializer";

	private final ObjectMapper mapper;

	private final int maxStringLength;

	/** Whether a string result is the parser's string; found when first needed, a race finds it twice. */
	private volatile @Nullable Boolean stringsAsParsed;

	private final String pipeName;

	/**
	 * The application's mapper without {@link DeserializationFeature#FAIL_ON_TRAILING_TOKENS}: the
	 * result is read in the middle of the message, so the message's closing brace always follows
	 * it, and with that feature on (Jackson 3's default) every read would fail and fall back to the
	 * tree.
	 */
	private final ObjectReader results;

	private final TokenStreamFactory factory;

	/**
	 * @param pipeName the pipe, for the log
	 * @param mapper the mapper results are read with
	 * @param limits the limits the parser enforces, as for the tree
	 */
	AnswerReader(String pipeName, ObjectMapper mapper, JsonReadLimits limits) {
		this.pipeName = pipeName;
		this.mapper = mapper;
		this.maxStringLength = limits.maxStringLength();
		this.results = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		this.factory = limits.parserFactory(mapper);
	}

	/**
	 * Complete the call a message answers with its string result, if the message is exactly
	 * {@code {"jsonrpc":"2.0","id":<digits>,"result":"<plain text>"}}, the call waits for a
	 * {@code String} and the mapper reads strings as Jackson's own deserializer does.
	 * @param body the message
	 * @param calls the calls waiting on its connection
	 * @return {@code true} if the call has been completed; {@code false} if the message is to be
	 * read otherwise
	 */
	boolean completeIfPlainString(byte[] body, PendingCalls calls) {
		int n = body.length;
		if (n < PLAIN_HEAD.length + 1 + PLAIN_RESULT.length + 2 || !matches(body, 0, PLAIN_HEAD)) {
			return false;
		}
		int digits = PLAIN_HEAD.length;
		int i = digits;
		long id = 0;
		while (i < n && i - digits < MAX_ID_DIGITS && body[i] >= '0' && body[i] <= '9') {
			id = id * 10 + (body[i] - '0');
			i++;
		}
		// No digits, or a leading zero, which JSON does not allow.
		if (i == digits || (body[digits] == '0' && i - digits > 1) || !matches(body, i, PLAIN_RESULT)) {
			return false;
		}
		int start = i + PLAIN_RESULT.length;
		int end = n - 2;
		if (end < start || body[end] != '"' || body[n - 1] != '}' || end - start > this.maxStringLength
				|| PlainJsonText.end(body, start, end, false) != end) {
			return false;
		}
		PendingCall<?> call = calls.get(id);
		if (call == null || !call.resultType().hasRawClass(String.class) || !readsStringsAsParsed()) {
			return false;
		}
		if (calls.remove(call)) {
			call.completeWith(new String(body, start, end - start, StandardCharsets.ISO_8859_1));
		}
		return true;
	}

	private static boolean matches(byte[] body, int at, byte[] expected) {
		return body.length - at >= expected.length
				&& Arrays.equals(body, at, at + expected.length, expected, 0, expected.length);
	}

	/**
	 * Complete the call a message answers with its result, if the message is a plain answer.
	 * @param body the message
	 * @param calls the calls waiting on its connection
	 * @return {@code true} if the message was a result answer and has been handled (its call, if
	 * still waiting, completed); {@code false} if it must be routed as a tree
	 */
	boolean completeIfResult(byte[] body, PendingCalls calls) {
		PendingCall<?> call = null;
		Object result = null;
		boolean hasResult = false;
		boolean hasId = false;
		boolean hasVersion = false;
		long answeredId = 0;
		try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return false;
			}
			JsonToken token;
			while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("jsonrpc".equals(name) && !hasVersion) {
					hasVersion = true;
					parser.skipChildren();
				}
				else if ("id".equals(name) && !hasId && !hasResult) {
					hasId = true;
					if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
						return false;
					}
					answeredId = parser.getLongValue();
					call = calls.get(answeredId);
				}
				else if ("result".equals(name) && hasId && !hasResult) {
					hasResult = true;
					if (call == null || call.readsNoResult()) {
						parser.skipChildren();
					}
					else if (value == JsonToken.VALUE_STRING && call.resultType().hasRawClass(String.class)
							&& readsStringsAsParsed()) {
						result = parser.getString();
					}
					else {
						result = this.results.forType(call.resultType()).readValue(parser);
					}
				}
				else {
					return false;
				}
			}
			if (token != JsonToken.END_OBJECT || !hasResult || parser.nextToken() != null) {
				return false;
			}
		}
		catch (JacksonException ex) {
			return false;
		}
		if (call != null && calls.remove(call)) {
			call.completeWith(result);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Pipe '" + this.pipeName + "' answered unknown or abandoned call " + answeredId);
		}
		return true;
	}

	private boolean readsStringsAsParsed() {
		Boolean found = this.stringsAsParsed;
		if (found == null) {
			found = findStringsAsParsed();
			this.stringsAsParsed = found;
		}
		return found;
	}

	private boolean findStringsAsParsed() {
		if (this.mapper.isEnabled(DeserializationFeature.UNWRAP_ROOT_VALUE)) {
			return false;
		}
		try {
			ValueDeserializer<?> strings = this.mapper._deserializationContext()
				.findRootValueDeserializer(this.mapper.constructType(String.class));
			return strings.getClass().getName().equals(JACKSON_STRING_DESERIALIZER);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
