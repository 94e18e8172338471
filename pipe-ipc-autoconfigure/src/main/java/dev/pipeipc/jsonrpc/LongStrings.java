package dev.pipeipc.jsonrpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Long plain string values taken out of a message before it is parsed, and put back into the
 * parsed tree. Jackson decodes a string one byte at a time into characters and then builds the
 * {@code String} from those one character at a time; a string of printable ASCII without escapes
 * is the same bytes as its {@code String}'s Latin-1 content, so it can be made with one copy
 * instead. Each such string value of at least {@value #MIN_LENGTH} bytes is replaced in a copy of
 * the message by a short marker, {@code "\u0000<n>"}, the copy (the rest of the message) is parsed
 * as usual, and each marker in the tree is then replaced by its string.
 * <p>
 * Only string <em>values</em> move: a string followed by {@code :} is a property name and stays.
 * A string over the maximum string length stays, so the parser refuses it as it would have. A
 * message in which any string holds the escape {@code \u0000} is parsed as it is, so that no
 * string of the message can be mistaken for a marker; so is a message that this scan cannot follow
 * (an unterminated string), for the parser to report.
 */
final class LongStrings {

	/** Shortest string value taken out. */
	static final int MIN_LENGTH = 4096;

	private final byte[] message;

	private final String[] strings;

	private LongStrings(byte[] message, String[] strings) {
		this.message = message;
		this.strings = strings;
	}

	/**
	 * Take the long plain string values out of a message.
	 * @param message the message, not necessarily well-formed UTF-8: only printable ASCII is
	 * taken out, and every other byte is left for the parser (or a check before it) to judge
	 * @param maxStringLength the longest string the parser accepts
	 * @return the strings and the message without them, or {@code null} to parse the message as
	 * it is
	 */
	static @Nullable LongStrings extract(byte[] message, int maxStringLength) {
		int n = message.length;
		if (n < MIN_LENGTH) {
			return null;
		}
		int[] ranges = new int[8];
		int count = 0;
		int i = 0;
		while (i < n) {
			if (message[i] != '"') {
				i++;
				continue;
			}
			int start = i + 1;
			int end = PlainJsonText.end(message, start, n, false);
			if (end < n && message[end] == '"') {
				int length = end - start;
				if (length >= MIN_LENGTH && length <= maxStringLength && !isPropertyName(message, end + 1)) {
					if (2 * count + 2 > ranges.length) {
						ranges = Arrays.copyOf(ranges, ranges.length * 2);
					}
					ranges[2 * count] = start;
					ranges[2 * count + 1] = end;
					count++;
				}
				i = end + 1;
				continue;
			}
			end = endOfString(message, end, n);
			if (end < 0) {
				return null;
			}
			i = end + 1;
		}
		return (count > 0) ? splice(message, ranges, count) : null;
	}

	/**
	 * Find the closing quote of a string from a byte inside it.
	 * @return its offset, or {@code -1} if the string has the escape {@code \u0000} or no end
	 */
	private static int endOfString(byte[] message, int from, int n) {
		int i = from;
		while (i < n) {
			i = PlainJsonText.indexOfQuoteOrBackslash(message, i, n);
			if (i >= n) {
				return -1;
			}
			if (message[i] == '"') {
				return i;
			}
			if (i + 5 < n && message[i + 1] == 'u' && message[i + 2] == '0' && message[i + 3] == '0'
					&& message[i + 4] == '0' && message[i + 5] == '0') {
				return -1;
			}
			i += 2;
		}
		return -1;
	}

	private static boolean isPropertyName(byte[] message, int from) {
		for (int i = from; i < message.length; i++) {
			byte b = message[i];
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return b == ':';
			}
		}
		return false;
	}

	private static LongStrings splice(byte[] message, int[] ranges, int count) {
		String[] strings = new String[count];
		int removed = 0;
		for (int s = 0; s < count; s++) {
			int start = ranges[2 * s];
			int end = ranges[2 * s + 1];
			strings[s] = new String(message, start, end - start, StandardCharsets.ISO_8859_1);
			removed += end - start - marker(s).length;
		}
		byte[] spliced = new byte[message.length - removed];
		int from = 0;
		int to = 0;
		for (int s = 0; s < count; s++) {
			int start = ranges[2 * s];
			System.arraycopy(message, from, spliced, to, start - from);
			to += start - from;
			byte[] marker = marker(s);
			System.arraycopy(marker, 0, spliced, to, marker.length);
			to += marker.length;
			from = ranges[2 * s + 1];
		}
		System.arraycopy(message, from, spliced, to, message.length - from);
		return new LongStrings(spliced, strings);
	}

	private static byte[] marker(int index) {
		return ("\\u0000" + index).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * The message with markers in place of the long strings.
	 * @return the bytes to parse
	 */
	byte[] message() {
		return this.message;
	}

	/**
	 * Put the strings back into the tree parsed from {@link #message()}.
	 * @param root the tree
	 * @param nodes makes the string nodes
	 * @return the tree with every string back, or {@code null} if some marker was not found
	 */
	@Nullable JsonNode restore(JsonNode root, JsonNodeFactory nodes) {
		int[] restored = new int[1];
		JsonNode result = restore(root, nodes, restored);
		return (restored[0] == this.strings.length) ? result : null;
	}

	private JsonNode restore(JsonNode node, JsonNodeFactory nodes, int[] restored) {
		if (restored[0] == this.strings.length) {
			return node;
		}
		if (node.isString()) {
			String marker = node.stringValue();
			if (!marker.isEmpty() && marker.charAt(0) == '\u0000') {
				restored[0]++;
				return nodes.stringNode(this.strings[Integer.parseInt(marker, 1, marker.length(), 10)]);
			}
		}
		else if (node instanceof ObjectNode object) {
			for (Iterator<Map.Entry<String, JsonNode>> members = object.properties().iterator(); members.hasNext();) {
				Map.Entry<String, JsonNode> member = members.next();
				JsonNode value = member.getValue();
				if (value.isString() || value.isContainer()) {
					JsonNode replaced = restore(value, nodes, restored);
					if (replaced != value) {
						member.setValue(replaced);
					}
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode value = array.get(i);
				if (value.isString() || value.isContainer()) {
					JsonNode replaced = restore(value, nodes, restored);
					if (replaced != value) {
						array.set(i, replaced);
					}
				}
			}
		}
		return node;
	}

}
