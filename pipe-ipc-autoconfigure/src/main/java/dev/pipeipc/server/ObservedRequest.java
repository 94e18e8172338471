package dev.pipeipc.server;

import org.jspecify.annotations.Nullable;

/**
 * One request being observed, from {@link PipeRequestObserver#start}: its handler runs inside
 * {@link #openScope()} (so what it logs or calls joins the request's trace), and it is
 * {@linkplain #finish finished} once with what was answered.
 */
public interface ObservedRequest {

	/** The status of a request that got no response: a notification, or a raw message whose handler failed. */
	int NO_RESPONSE = Integer.MIN_VALUE;

	/** Observes nothing. */
	ObservedRequest NONE = new ObservedRequest() {

		@Override
		public Scope openScope() {
			return Scope.NONE;
		}

		@Override
		public void finish(int statusCode, @Nullable Throwable error) {
		}

	};

	/**
	 * Make this request the current one on the calling thread until the scope is closed.
	 * @return the scope, closed on the same thread
	 */
	Scope openScope();

	/**
	 * The request is answered.
	 * @param statusCode the status of the response sent: {@code 0} for success, the error code of
	 * a JSON-RPC error response, or {@link #NO_RESPONSE}
	 * @param error what failed without a response that says so, or {@code null}
	 */
	void finish(int statusCode, @Nullable Throwable error);

	/**
	 * The time a request is current on a thread.
	 */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		/** A scope that does nothing. */
		Scope NONE = () -> {
		};

		@Override
		void close();

	}

}
