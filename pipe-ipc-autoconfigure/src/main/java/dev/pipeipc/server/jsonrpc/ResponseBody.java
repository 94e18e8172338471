package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.server.PipeProtocol.Reply;

/**
 * The bytes of one response on their way to the client: one array, or, for a result that is a
 * long plain string, the string's bytes between the two halves of the envelope written around it.
 * The parts are framed and written as they are ({@link Reply#completeInParts}), so on a Unix
 * socket a long result is not copied into a reply-sized array, which the JVM would first fill
 * with zeros: of the server's work on a 1 MiB string echo, that copy and its clearing were a
 * tenth. A batch's responses are joined into one array, and a Windows pipe joins a frame's
 * buffers into one message, as before.
 */
final class ResponseBody {

	private static final byte[] NO_BYTES = {};

	private final byte[] head;

	private final byte @Nullable [] string;

	private final byte[] tail;

	private ResponseBody(byte[] head, byte @Nullable [] string, byte[] tail) {
		this.head = head;
		this.string = string;
		this.tail = tail;
	}

	/**
	 * A response in one array.
	 * @param body the response, or {@code null} for none
	 * @return the response, or {@code null} for none
	 */
	static @Nullable ResponseBody of(byte @Nullable [] body) {
		return (body != null) ? whole(body) : null;
	}

	/**
	 * A response in one array.
	 * @param body the response
	 * @return the response
	 */
	static ResponseBody whole(byte[] body) {
		return new ResponseBody(body, null, NO_BYTES);
	}

	/**
	 * A response whose string is written between two halves of its envelope.
	 * @param head the envelope up to the string's first byte (its opening quote included)
	 * @param string the string's bytes, which need no escape
	 * @param tail the envelope from the closing quote on
	 * @return the response
	 */
	static ResponseBody around(byte[] head, byte[] string, byte[] tail) {
		return new ResponseBody(head, string, tail);
	}

	/**
	 * Whether this is a result with its string apart; such a response is never an error.
	 * @return {@code true} if the response is in parts
	 */
	boolean isInParts() {
		return this.string != null;
	}

	/**
	 * The response in one array: the array itself when it is one, else the parts joined.
	 * @return the bytes
	 */
	byte[] toByteArray() {
		byte[] string = this.string;
		if (string == null) {
			return this.head;
		}
		byte[] joined = new byte[Math.addExact(this.head.length + this.tail.length, string.length)];
		System.arraycopy(this.head, 0, joined, 0, this.head.length);
		System.arraycopy(string, 0, joined, this.head.length, string.length);
		System.arraycopy(this.tail, 0, joined, this.head.length + string.length, this.tail.length);
		return joined;
	}

	/**
	 * Complete a message's reply with this response, in parts if it has them.
	 * @param reply the reply
	 */
	void completeReply(Reply reply) {
		byte[] string = this.string;
		if (string == null) {
			reply.complete(this.head);
		}
		else {
			reply.completeInParts(new byte[][] { this.head, string, this.tail });
		}
	}

	/**
	 * Complete a message's reply with a response, or with nothing.
	 * @param body the response, or {@code null} for none
	 * @param reply the reply
	 */
	static void completeReply(@Nullable ResponseBody body, Reply reply) {
		if (body != null) {
			body.completeReply(reply);
		}
		else {
			reply.complete(null);
		}
	}

}
