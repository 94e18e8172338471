package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.codec.Utf8Validator;
import dev.pipeipc.jsonrpc.JsonReadLimits;
import dev.pipeipc.jsonrpc.JsonTreeReader;
import dev.pipeipc.server.PipeProtocol.Reply;

/**
 * Reads a message as JSON with the application's mapper. A message that is not well-formed UTF-8
 * or not JSON is answered here with {@link dev.pipeipc.jsonrpc.JsonRpcErrorCodes#PARSE_ERROR};
 * whether the JSON is a valid request is {@link JsonRpcRequest#from}'s to say.
 * <p>
 * The bytes are checked by {@link Utf8Validator} before Jackson sees them (all but the long plain
 * strings, which are ASCII; see {@link JsonTreeReader}), because Jackson decodes
 * overlong forms and code points above U+10FFFF instead of rejecting them: {@code "\xC1\xA1dd"}
 * would otherwise call {@code add}, which defeats anything that filters method names on bytes.
 */
final class JsonRpcReader {

	private final JsonTreeReader trees;

	private final JsonRpcErrorReplies errors;

	JsonRpcReader(ObjectMapper mapper, JsonRpcErrorReplies errors) {
		this(mapper, JsonReadLimits.DEFAULTS, errors);
	}

	/**
	 * A reader that parses under the given limits; a message past one is answered
	 * {@code -32700} with a {@code null} id and a reason naming the limit.
	 */
	JsonRpcReader(ObjectMapper mapper, JsonReadLimits limits, JsonRpcErrorReplies errors) {
		this.trees = new JsonTreeReader(mapper, limits);
		this.errors = errors;
	}

	/**
	 * Parse a message, or answer it with a parse error.
	 * @param message the message body
	 * @param reply completed with the parse error if the message is not UTF-8 JSON
	 * @return the JSON, or {@code null} if the reply has been completed
	 */
	@Nullable JsonNode read(byte[] message, Reply reply) {
		JsonNode root;
		try {
			root = this.trees.read(message, JsonRpcReader::isUtf8);
		}
		catch (JacksonException ex) {
			reply.complete(this.errors.parseError(String.valueOf(ex.getOriginalMessage())));
			return null;
		}
		if (root == null) {
			reply.complete(this.errors.parseError(String.valueOf(Utf8Validator.checkMessage(message))));
			return null;
		}
		if (root.isMissingNode()) {
			reply.complete(this.errors.parseError("Message is empty"));
			return null;
		}
		return root;
	}

	/**
	 * Parse a message that may be a request, without answering anything.
	 * @param message the message body
	 * @return the request, or {@code null} if the message is not UTF-8 JSON or not a valid request
	 */
	@Nullable JsonRpcRequest readRequestQuietly(byte[] message) {
		try {
			JsonNode root = this.trees.read(message, JsonRpcReader::isUtf8);
			return (root == null || root.isMissingNode()) ? null : JsonRpcRequest.from(root);
		}
		catch (JacksonException | InvalidRequestException ex) {
			return null;
		}
	}

	/**
	 * Whether bytes are well-formed UTF-8; the reader checks only the bytes Jackson decodes (see
	 * {@link JsonTreeReader#read(byte[], java.util.function.Predicate)}), which are every byte of
	 * the message when it is not.
	 */
	private static boolean isUtf8(byte[] bytes) {
		return Utf8Validator.indexOfInvalid(bytes, 0, bytes.length) < 0;
	}

}
