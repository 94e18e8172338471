package dev.pipeipc.server;

import org.jspecify.annotations.Nullable;

/**
 * One stream of values a handler returned, observed from its first answer until it ends
 * ({@link PipeRequestObserver#startStream}): the request that opened it was observed on its own,
 * and this observation says how many values the client received and how the stream ended.
 */
public interface ObservedStream {

	/** Observes nothing. */
	ObservedStream NONE = (outcome, items, error) -> {
	};

	/**
	 * The stream ended.
	 * @param outcome how it ended
	 * @param items how many values were sent to the client
	 * @param error what the handler's publisher failed with, for {@link Outcome#FAILED}
	 */
	void finish(Outcome outcome, long items, @Nullable Throwable error);

	/**
	 * How a stream ends.
	 */
	enum Outcome {

		/** The handler's publisher ended and the client received every value. */
		COMPLETED,

		/** The client stopped it ({@code $/enumerator/abort}). */
		ABORTED,

		/**
		 * The server stopped it: the client cancelled the request or a pull, disconnected, or let
		 * it idle past its timeout, or the server stopped.
		 */
		CANCELLED,

		/** The handler's publisher failed; the client received the error. */
		FAILED;

		/**
		 * The outcome as a tag value.
		 * @return the name in lower case
		 */
		public String tagValue() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
