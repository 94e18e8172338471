package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import dev.pipeipc.jsonrpc.JsonRpcMethods;
import dev.pipeipc.jsonrpc.PipeProgress;
import dev.pipeipc.server.PipeSession;

/**
 * The {@link PipeProgress} a handler is given for one call: each report becomes a
 * {@value JsonRpcMethods#PROGRESS} notification {@code {"token": <the client's token>, "value": ...}}.
 * <p>
 * {@link #report} never waits for the client. While more than {@value #QUEUED_BYTES_LIMIT} bytes
 * wait for the client to read them, a report is not sent but kept, replacing the one kept before
 * (the client sees fewer, newer values, never an older value after a newer one); the next report
 * made once the client has caught up sends its own value, and the one kept is sent when the call
 * is answered, before the response. So a client that does not read costs at most one kept value
 * per call, and the queue grows by at most one notification per call past the limit.
 * <p>
 * Once {@linkplain #finish() finished} (the call is being answered) or {@linkplain #discard()
 * discarded} (cancelled, timed out, disconnected), later reports are dropped: every progress
 * notification of a call is written before its response.
 */
final class ProgressReporter implements PipeProgress<Object> {

	/**
	 * Bytes queued for the client above which reports are coalesced: a few dozen small
	 * notifications, far below the connection's own high-water mark.
	 */
	static final long QUEUED_BYTES_LIMIT = 64 * 1024;

	private final PipeSession session;

	private final JsonNode token;

	private final ObjectMapper mapper;

	private @Nullable JsonNode kept;

	private boolean closed;

	private long sent;

	private long replaced;

	ProgressReporter(PipeSession session, JsonNode token, ObjectMapper mapper) {
		this.session = session;
		this.token = token;
		this.mapper = mapper;
	}

	@Override
	public void report(@Nullable Object value) {
		// Serialized on the handler's thread, so a value with no JSON form fails where it is reported.
		JsonNode node = (value != null) ? this.mapper.valueToTree(value) : NullNode.getInstance();
		synchronized (this) {
			if (this.closed) {
				return;
			}
			if (this.session.queuedBytes() > QUEUED_BYTES_LIMIT) {
				if (this.kept != null) {
					this.replaced++;
				}
				this.kept = node;
				return;
			}
			if (this.kept != null) {
				this.replaced++;
				this.kept = null;
			}
			send(node);
		}
	}

	/**
	 * The call is being answered: send the value kept, if any, and drop later reports.
	 */
	synchronized void finish() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		JsonNode last = this.kept;
		this.kept = null;
		if (last != null) {
			send(last);
		}
	}

	/**
	 * The call ended without a response for progress to precede (cancelled, timed out, the client
	 * left): drop the value kept and later reports.
	 */
	synchronized void discard() {
		this.closed = true;
		this.kept = null;
	}

	/**
	 * How many notifications were sent.
	 * @return the count
	 */
	synchronized long sent() {
		return this.sent;
	}

	/**
	 * How many reports were replaced by a newer one before being sent.
	 * @return the count
	 */
	synchronized long replaced() {
		return this.replaced;
	}

	private void send(JsonNode value) {
		ObjectNode params = this.mapper.createObjectNode();
		params.set("token", this.token);
		params.set("value", value);
		this.sent++;
		this.session.notify(JsonRpcMethods.PROGRESS, params);
	}

	@Override
	public String toString() {
		return "progress " + this.token + " of session " + this.session.id();
	}

}
