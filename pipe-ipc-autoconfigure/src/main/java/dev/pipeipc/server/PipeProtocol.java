package dev.pipeipc.server;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.FrameError;

/**
 * What the messages on a pipe mean: JSON-RPC, or raw bytes for a single handler. A protocol turns
 * each decoded message into at most one reply; framing and delivery are the server's job.
 */
public interface PipeProtocol {

	/**
	 * Prepare for serving, when the server starts: resolve and check handlers.
	 * @throws IllegalStateException if the protocol cannot serve with the handlers it has
	 */
	default void start() {
	}

	/**
	 * Handle a message at once on the I/O thread if it is urgent and cheap (such as a request to
	 * cancel another one); must not block.
	 * @param message the message body
	 * @param session the connection it came on
	 * @return {@code true} if the message was handled and needs no reply
	 */
	default boolean handleInline(byte[] message, PipeSession session) {
		return false;
	}

	/**
	 * The connection of a session closed: stop what is still running for it.
	 * @param session the session
	 */
	default void sessionClosed(PipeSession session) {
	}

	/**
	 * Encode a notification pushed by the server.
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @return the message body
	 * @throws UnsupportedOperationException if the protocol has no notifications
	 */
	default byte[] notification(String method, @Nullable Object params) {
		throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot push notifications");
	}

	/**
	 * Handle one message. Runs on a worker thread and may complete later on any thread.
	 * @param message the message body
	 * @param session the connection it came on
	 * @param reply to be completed exactly once, with the reply body or {@code null} for none
	 */
	void handle(byte[] message, PipeSession session, Reply reply);

	/**
	 * Turn a message away without handling it, as when the server is shutting down. The default
	 * sends the {@linkplain #refusalReply refusal reply}; a protocol that can tell requests apart
	 * should answer each with its id, and notifications not at all.
	 * @param message the message body
	 * @param reason a sentence naming the pipe and why
	 * @param reply to be completed exactly once
	 */
	default void refuse(byte[] message, String reason, Reply reply) {
		reply.complete(refusalReply(reason));
	}

	/**
	 * The reply to a message that could not be decoded.
	 * @param error the framing error
	 * @return the reply body, or {@code null} to send nothing
	 */
	byte @Nullable [] frameErrorReply(FrameError error);

	/**
	 * The reply sent to a client that is turned away before its request is handled.
	 * @param reason a sentence naming the pipe and why
	 * @return the reply body, or {@code null} to send nothing
	 */
	byte @Nullable [] refusalReply(String reason);

	/**
	 * Whether the protocol can tell a client about framing errors and refusals in-band. A protocol
	 * that cannot (raw messages have no error envelope) gets the connection closed instead, so the
	 * client sees a clean end rather than waiting for a reply that never comes.
	 * @return {@code true} if {@link #frameErrorReply} and {@link #refusalReply} produce replies
	 */
	default boolean reportsErrors() {
		return true;
	}

	/**
	 * Completes one message's handling.
	 */
	interface Reply {

		/**
		 * Complete handling.
		 * @param body the reply body, or {@code null} when nothing is sent back (a notification)
		 */
		void complete(byte @Nullable [] body);

		/**
		 * Complete handling and close the connection once this and earlier replies are sent, for
		 * failures the protocol cannot report in-band.
		 * @param body the reply body, or {@code null} for none
		 */
		void completeAndClose(byte @Nullable [] body);

	}

}
