package dev.pipeipc.client;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One batch of a remote stream as the wire carries it, in StreamJsonRpc's async-enumerable
 * protocol:
 * <pre>
 * the call's result      {"token": T, "values": [v1, v2]}   token absent or null: nothing follows
 * $/enumerator/next [T]  {"values": [v3, v4], "finished": false}
 * </pre>
 * A result that is a plain JSON array is read as a stream whose values all came at once, so a
 * method that answers a list can be consumed as a stream too. Anything else is refused with a
 * sentence naming the method, rather than read as an empty stream: a client that expects a stream
 * from a method answering something else should learn so at once.
 *
 * @param token the token that pulls more values, {@code null} when the generator sent none
 * @param values the values, an array (empty when none came)
 * @param finished whether nothing follows these values
 */
record EnumeratorBatch(@Nullable JsonNode token, JsonNode values, boolean finished) {

	private static final Set<String> RESULT_MEMBERS = Set.of("token", "values", "finished");

	/**
	 * Read the result of the call that opened a stream.
	 * @param result the result member (missing when the answer had none)
	 * @param what the method and pipe, for messages, such as {@code method 'orders.all' on pipe 'orders'}
	 * @return the first batch
	 * @throws PipeClientException if the result is neither a stream object nor an array
	 */
	static EnumeratorBatch ofResult(JsonNode result, String what) {
		if (result.isArray()) {
			return new EnumeratorBatch(null, result, true);
		}
		if (!result.isObject()) {
			throw new PipeClientException("Result of " + what + " is not a stream: expected an object with 'token'"
					+ " and 'values' members (or an array), but got " + describe(result));
		}
		for (String name : result.propertyNames()) {
			if (!RESULT_MEMBERS.contains(name)) {
				throw new PipeClientException("Result of " + what + " is not a stream: expected an object with"
						+ " 'token' and 'values' members, but it has a member '" + name + "'");
			}
		}
		JsonNode token = result.get("token");
		if (token != null && token.isNull()) {
			token = null;
		}
		boolean finished = token == null || result.path("finished").asBoolean(false);
		return new EnumeratorBatch(token, values(result, what), finished);
	}

	/**
	 * Read the answer to {@code $/enumerator/next}.
	 * @param result the result member
	 * @param token the stream's token, kept for the next pull
	 * @param what the method and pipe, for messages
	 * @return the batch
	 * @throws PipeClientException if the answer is not {@code {"values": [...], "finished": ...}},
	 * or has no values yet is not finished (a generator must not answer so)
	 */
	static EnumeratorBatch ofNext(JsonNode result, JsonNode token, String what) {
		if (!result.isObject()) {
			throw new PipeClientException("Answer to $/enumerator/next of " + what + " is not an object with"
					+ " 'values' and 'finished' members: " + describe(result));
		}
		JsonNode values = values(result, what);
		boolean finished = result.path("finished").asBoolean(false);
		if (values.isEmpty() && !finished) {
			throw new PipeClientException("Answer to $/enumerator/next of " + what + " has no values but is not"
					+ " finished; a generator must send at least one value or 'finished': true");
		}
		return new EnumeratorBatch(finished ? null : token, values, finished);
	}

	private static JsonNode values(JsonNode result, String what) {
		JsonNode values = result.get("values");
		if (values == null || values.isNull()) {
			return JsonNodeFactory.instance.arrayNode();
		}
		if (!values.isArray()) {
			throw new PipeClientException("The 'values' of " + what + " must be an array, but was " + describe(values));
		}
		return values;
	}

	private static String describe(JsonNode node) {
		if (node.isMissingNode()) {
			return "no result";
		}
		String text = node.toString();
		return (text.length() > 80) ? text.substring(0, 80) + "..." : text;
	}

}
