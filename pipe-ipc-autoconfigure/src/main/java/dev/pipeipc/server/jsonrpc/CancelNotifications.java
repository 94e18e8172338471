package dev.pipeipc.server.jsonrpc;

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.jsonrpc.JsonRpcMethods;
import dev.pipeipc.server.PipeSession;

/**
 * Applies {@value JsonRpcMethods#CANCEL_REQUEST} notifications to a connection's
 * {@link InFlightRequests}. Short messages naming the method are recognised on the I/O thread with
 * a byte scan before any parsing, and applied there, so a cancel is never stuck behind the work it
 * should stop; a cancel that arrives any other way (in a batch, say) is applied when dispatched.
 */
final class CancelNotifications {

	private static final Log logger = LogFactory.getLog(CancelNotifications.class);

	/** Longer than any cancel notification a client sends; longer messages are never scanned. */
	private static final int MAX_INLINE_LENGTH = 256;

	private static final byte[] METHOD_BYTES = JsonRpcMethods.CANCEL_REQUEST.getBytes(StandardCharsets.US_ASCII);

	private final JsonRpcReader reader;

	private final String pipeName;

	CancelNotifications(JsonRpcReader reader, String pipeName) {
		this.reader = reader;
		this.pipeName = pipeName;
	}

	/**
	 * Apply the message at once if it is a cancel notification.
	 * @param message the message body
	 * @param session the connection it came on
	 * @param inFlight the connection's requests in progress
	 * @return {@code true} if it was a cancel notification, which needs no reply
	 */
	boolean applyInline(byte[] message, PipeSession session, InFlightRequests inFlight) {
		if (message.length > MAX_INLINE_LENGTH || !contains(message, METHOD_BYTES)) {
			return false;
		}
		JsonRpcRequest request = this.reader.readRequestQuietly(message);
		if (request == null || !isCancel(request)) {
			return false;
		}
		apply(request.params(), session, inFlight);
		return true;
	}

	/**
	 * Whether a request is a cancel notification (a cancel sent with an id is an ordinary call).
	 * @param request the request
	 * @return {@code true} for a cancel notification
	 */
	static boolean isCancel(JsonRpcRequest request) {
		return request.isNotification() && JsonRpcMethods.CANCEL_REQUEST.equals(request.method());
	}

	/**
	 * Cancel the request whose id the params name; params without an id are ignored.
	 * @param params the cancel's params
	 * @param session the connection it came on
	 * @param inFlight the connection's requests in progress
	 */
	void apply(@Nullable JsonNode params, PipeSession session, InFlightRequests inFlight) {
		JsonNode id = (params != null) ? params.get("id") : null;
		if (id == null) {
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Pipe '" + this.pipeName + "' cancels request " + id + " of session " + session.id());
		}
		inFlight.cancel(id);
	}

	private static boolean contains(byte[] message, byte[] part) {
		outer: for (int i = 0; i <= message.length - part.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (message[i + j] != part[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
