package dev.pipeipc.client;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.jsonrpc.JsonReadLimits;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.jsonrpc.JsonTreeReader;

/**
 * Routes each message the server sends: an answer (alone or inside a batch array) to the call of
 * its id on the connection it arrived on, a notification to its listeners. An error without id
 * belongs to no call; only {@code -32000} (server unavailable: the server refuses the connection)
 * fails the calls waiting, since no answer will come for them. Messages that are not JSON, and
 * answers to ids nobody waits for (a call cancelled or timed out), are logged and dropped; the
 * warnings about them are {@linkplain ThrottledWarnings throttled}, so a server cannot flood the
 * application's log.
 * <p>
 * The common message, an answer with a result, is read by the {@link AnswerReader} straight into
 * its call's result type; every other message, and every one it declines, is read as a tree here.
 */
final class ResponseRouter {

	private static final Log logger = LogFactory.getLog(ResponseRouter.class);

	private final String pipeName;

	private final ObjectMapper mapper;

	private final JsonTreeReader reader;

	private final NotificationListeners listeners;

	private final AnswerReader answers;

	private final ThrottledWarnings warnings = new ThrottledWarnings(logger);

	ResponseRouter(String pipeName, ObjectMapper mapper, NotificationListeners listeners) {
		this(pipeName, mapper, JsonReadLimits.DEFAULTS, listeners);
	}

	ResponseRouter(String pipeName, ObjectMapper mapper, JsonReadLimits limits, NotificationListeners listeners) {
		this.pipeName = pipeName;
		this.mapper = mapper;
		this.reader = new JsonTreeReader(mapper, limits);
		this.listeners = listeners;
		this.answers = new AnswerReader(pipeName, mapper, limits);
	}

	/**
	 * Route one message.
	 * @param body the message, as framed
	 * @param calls the calls waiting on the connection it arrived on
	 */
	void route(byte[] body, PendingCalls calls) {
		JsonNode message;
		if (this.answers.completeIfPlainString(body, calls)) {
			return;
		}
		try {
			// An answer carrying a long string goes through the tree, which makes the string with
			// one copy; the streaming read would decode it a character at a time.
			JsonNode holdingLongString = this.reader.readIfHoldingLongString(body);
			if (holdingLongString == null && this.answers.completeIfResult(body, calls)) {
				return;
			}
			message = (holdingLongString != null) ? holdingLongString : this.reader.read(body);
		}
		catch (JacksonException ex) {
			this.warnings.warn("Pipe '" + this.pipeName
					+ "' sent a message that is not JSON or goes past the client's JSON limits; ignoring it", ex);
			return;
		}
		if (message.isArray()) {
			for (JsonNode element : message) {
				routeOne(element, calls);
			}
		}
		else {
			routeOne(message, calls);
		}
	}

	private void routeOne(JsonNode message, PendingCalls calls) {
		JsonNode id = message.get("id");
		if (id == null && message.has("method")) {
			JsonNode method = message.get("method");
			if (method.isString()) {
				this.listeners.dispatch(method.stringValue(), message.path("params"));
			}
			else {
				this.warnings.warn("Pipe '" + this.pipeName + "' sent a notification whose method is not a string: "
						+ abbreviate(message), null);
			}
			return;
		}
		if (id == null || id.isNull()) {
			JsonRpcException failure = toException(message.path("error"));
			if (failure == null) {
				this.warnings.warn("Pipe '" + this.pipeName
						+ "' sent a message that is neither an answer nor a notification: " + abbreviate(message), null);
				return;
			}
			this.warnings.warn("Pipe '" + this.pipeName + "' reported an error for no particular call: "
					+ failure.getMessage(), null);
			if (failure.getCode() == JsonRpcErrorCodes.SERVER_UNAVAILABLE) {
				// Turned away (connection limit, shutdown): the server closes this connection, so
				// calls sent on it from now on fail for the same reason.
				calls.close(failure);
			}
			return;
		}
		// Only ids this client could have sent: an integral number within a long (a larger one
		// would otherwise be truncated to a small id and complete the wrong call).
		PendingCall<?> call = (id.isIntegralNumber() && id.canConvertToLong()) ? calls.take(id.longValue()) : null;
		if (call == null) {
			logger.debug("Pipe '" + this.pipeName + "' answered unknown or abandoned call " + abbreviate(id));
			return;
		}
		if (!message.has("error")) {
			call.complete(message.path("result"), this.mapper);
			return;
		}
		JsonRpcException failure = toException(message.get("error"));
		call.fail((failure != null) ? failure : new PipeClientException("Pipe '" + this.pipeName + "' answered call "
				+ id + " with an error that is not a JSON-RPC error object: " + abbreviate(message.get("error"))));
	}

	/**
	 * The exception for a JSON-RPC error object.
	 * @return the exception, or {@code null} if the object has no integer {@code code}
	 */
	private static @Nullable JsonRpcException toException(JsonNode error) {
		JsonNode code = error.path("code");
		if (!code.isIntegralNumber() || !code.canConvertToInt()) {
			return null;
		}
		JsonNode message = error.path("message");
		JsonNode data = error.get("data");
		return new JsonRpcException(code.intValue(), message.isString() ? message.stringValue() : "",
				(data != null && !data.isNull()) ? data : null);
	}

	private static String abbreviate(JsonNode node) {
		String text = node.toString();
		return (text.length() <= 200) ? text : text.substring(0, 200) + "...";
	}

}
