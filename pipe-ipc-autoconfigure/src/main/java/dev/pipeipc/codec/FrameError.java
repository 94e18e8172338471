package dev.pipeipc.codec;

/**
 * A framing problem found by a {@link FrameDecoder}.
 *
 * @param kind what went wrong
 * @param message a sentence naming the offending value, suitable for the peer
 * @param fatal whether the stream lost its frame boundaries, so the connection must be closed; a
 * non-fatal error (an oversize frame whose length was known, for example) has been skipped and the
 * next frame will decode normally
 */
public record FrameError(Kind kind, String message, boolean fatal) {

	/**
	 * The kinds of framing errors.
	 */
	public enum Kind {

		/** The frame announced or reached more bytes than the maximum message size. */
		TOO_LONG,

		/** The frame header could not be parsed. */
		MALFORMED_HEADER,

		/** The frame declared a content type or charset this server does not read. */
		UNSUPPORTED_CONTENT_TYPE

	}

	/**
	 * A frame over the size limit.
	 * @param length the frame's announced or observed length
	 * @param max the limit
	 * @param fatal whether the stream lost its frame boundaries
	 * @return the error
	 */
	public static FrameError tooLong(long length, int max, boolean fatal) {
		return new FrameError(Kind.TOO_LONG,
				"Message of " + length + " bytes exceeds the maximum message size of " + max + " bytes", fatal);
	}

	static FrameError malformed(String message) {
		return new FrameError(Kind.MALFORMED_HEADER, message, true);
	}

}
