package dev.pipeipc.server;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.FrameError;

/**
 * What the messages on a pipe mean: JSON-RPC, or raw bytes for a single handler. The protocol is
 * {@linkplain #open opened} once per connection; the {@link SessionHandler} it returns turns each
 * decoded message into at most one reply and owns whatever the connection's requests share (such
 * as the requests in progress that a cancel can reach), so it all goes away with the connection.
 * Framing and delivery are the server's job.
 */
public interface PipeProtocol {

	/**
	 * Prepare for serving, when the server starts: resolve and check handlers.
	 * @throws IllegalStateException if the protocol cannot serve with the handlers it has
	 */
	default void start() {
	}

	/**
	 * Where to report what a handler threw, once the protocol has answered it: the server marks
	 * itself failed if it is unrecoverable (an {@link OutOfMemoryError}, say). Called by the server
	 * that serves this protocol, before it starts.
	 * @param listener told of every {@link Throwable} a handler threw
	 */
	default void setFailureListener(Consumer<Throwable> listener) {
	}

	/**
	 * Open the protocol for one connection.
	 * @param session the connection, as handlers see it
	 * @return the handler of the connection's messages
	 */
	SessionHandler open(PipeSession session);

	/**
	 * Open the protocol for one connection of a server that observes its requests and keeps
	 * statistics. A protocol that reports nothing need not override this.
	 * @param session the connection, as handlers see it
	 * @param instrumentation the server's request observer and statistics
	 * @return the handler of the connection's messages
	 */
	default SessionHandler open(PipeSession session, PipeServerInstrumentation instrumentation) {
		return open(session);
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
	 * The protocol's side of one connection. {@link #handleInline} is called on the transport's
	 * I/O thread in the order messages arrive; {@link #handle} and {@link #refuse} on a worker or
	 * the I/O thread, possibly concurrently for pipelined messages.
	 */
	interface SessionHandler {

		/**
		 * Handle a message at once on the I/O thread if it is urgent and cheap (such as a request
		 * to cancel another one); must not block.
		 * @param message the message body
		 * @return {@code true} if the message was handled and needs no reply
		 */
		default boolean handleInline(byte[] message) {
			return false;
		}

		/**
		 * Handle one message. May complete the reply later, on any thread.
		 * @param message the message body
		 * @param reply to be completed exactly once, with the reply body or {@code null} for none
		 */
		void handle(byte[] message, Reply reply);

		/**
		 * Turn a message away without handling it, as when the server is shutting down. A protocol
		 * that can tell requests apart answers each with its id, and notifications not at all.
		 * @param message the message body
		 * @param reason a sentence naming the pipe and why
		 * @param reply to be completed exactly once
		 */
		void refuse(byte[] message, String reason, Reply reply);

		/**
		 * The connection closed: stop what is still running for it. Called once; messages still
		 * being handled may complete afterwards, and their replies are dropped.
		 */
		default void closed() {
		}

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

		/**
		 * Complete handling with a body given in parts, sent one after another as one message: a
		 * large body put together from pieces (an envelope around a long value) goes out without
		 * being copied into one array first. Unless overridden, the parts are joined and
		 * {@linkplain #complete(byte[]) completed} as one body.
		 * @param parts the body's parts, in order, not changed until sent
		 */
		default void completeInParts(byte[][] parts) {
			int length = 0;
			for (byte[] part : parts) {
				length = Math.addExact(length, part.length);
			}
			byte[] body = new byte[length];
			int at = 0;
			for (byte[] part : parts) {
				System.arraycopy(part, 0, body, at, part.length);
				at += part.length;
			}
			complete(body);
		}

	}

}
