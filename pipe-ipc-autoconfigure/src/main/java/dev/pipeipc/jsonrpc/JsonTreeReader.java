package dev.pipeipc.jsonrpc;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a message into a tree with the application's mapper, under the pipe's
 * {@link JsonReadLimits} rather than whatever the mapper's own factory allows: the mapper is
 * shared with the rest of the application, so its settings are left alone and the limits go to a
 * parser factory of this reader's own.
 * <p>
 * Long string values of plain ASCII are taken out before parsing and put back as strings made by
 * one copy ({@link LongStrings}): Jackson builds a string a character at a time, which made a
 * 1 MiB string param cost more than everything else about its request.
 */
public final class JsonTreeReader {

	private final ObjectMapper mapper;

	private final TokenStreamFactory factory;

	private final int maxStringLength;

	/**
	 * A reader for one pipe.
	 * @param mapper the application's mapper, which builds the tree
	 * @param limits the limits its parser enforces
	 */
	public JsonTreeReader(ObjectMapper mapper, JsonReadLimits limits) {
		this.mapper = mapper;
		this.maxStringLength = limits.maxStringLength();
		this.factory = limits.parserFactory(mapper);
	}

	/**
	 * Parse a message.
	 * @param message the UTF-8 bytes
	 * @return the tree; a missing node for an empty message
	 * @throws JacksonException if the message is not JSON, or goes past a limit (a
	 * {@link tools.jackson.core.exc.StreamConstraintsException} whose message names it)
	 */
	public JsonNode read(byte[] message) {
		JsonNode root = read(message, (bytes) -> true);
		return (root != null) ? root : this.mapper.missingNode();
	}

	/**
	 * Parse a message only if it holds a long plain string value, which this reader makes with one
	 * copy where a streaming read of the message would decode it a character at a time: a reader
	 * that streams small messages into their types hands such a message to the tree instead, and
	 * the strings are taken out once.
	 * @param message the message
	 * @return the tree, or {@code null} if the message holds no long plain string
	 * @throws JacksonException if the message is not JSON, or goes past a limit
	 */
	public @Nullable JsonNode readIfHoldingLongString(byte[] message) {
		LongStrings longStrings = LongStrings.extract(message, this.maxStringLength);
		return (longStrings != null) ? read(message, longStrings) : null;
	}

	/**
	 * Parse a message whose bytes are still to be checked (for well-formed UTF-8, say), checking
	 * only those that Jackson decodes: the long plain strings taken out first are printable
	 * ASCII, so {@code check} sees the rest of the message, with markers in their place, or the
	 * whole message if it has none. A message of one long string is thus looked at once, not
	 * once for the check and again for the strings.
	 * @param message the bytes
	 * @param check whether the bytes may be parsed
	 * @return the tree, a missing node for an empty message, or {@code null} if {@code check}
	 * refused the bytes
	 * @throws JacksonException if the message is not JSON, or goes past a limit
	 */
	public @Nullable JsonNode read(byte[] message, Predicate<byte[]> check) {
		LongStrings longStrings = LongStrings.extract(message, this.maxStringLength);
		if (!check.test((longStrings != null) ? longStrings.message() : message)) {
			return null;
		}
		return (longStrings != null) ? read(message, longStrings) : parse(message);
	}

	private JsonNode read(byte[] message, LongStrings longStrings) {
		try {
			JsonNode root = longStrings.restore(parse(longStrings.message()), this.mapper.getNodeFactory());
			if (root != null) {
				return root;
			}
		}
		catch (JacksonException ex) {
			// Parsed again as it came, for the error to describe the message the peer sent.
		}
		return parse(message);
	}

	private JsonNode parse(byte[] message) {
		try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), message)) {
			JsonNode root = this.mapper.readTree(parser);
			return (root != null) ? root : this.mapper.missingNode();
		}
	}

}
