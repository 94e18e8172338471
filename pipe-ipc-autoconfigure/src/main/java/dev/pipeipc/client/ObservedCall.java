package dev.pipeipc.client;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One call or notification being observed, from {@link PipeCallObserver#start}: the members it
 * asks for (W3C trace context) are written at the top level of the request, and it is
 * {@linkplain #finish finished} once, when the answer arrives, the call fails, or a notification
 * has been written.
 */
public interface ObservedCall {

	/** The status of a call that got no response: a notification, or a call that failed on the client's side. */
	int NO_RESPONSE = Integer.MIN_VALUE;

	/** Observes nothing. */
	ObservedCall NONE = new ObservedCall() {

		@Override
		public Map<String, String> requestMembers() {
			return Map.of();
		}

		@Override
		public void finish(int statusCode, @Nullable Throwable error) {
		}

	};

	/**
	 * Members to write at the top level of the request object besides {@code jsonrpc}, {@code id},
	 * {@code method} and {@code params}, such as {@code traceparent} and {@code tracestate}.
	 * @return the members, in order; empty for none
	 */
	Map<String, String> requestMembers();

	/**
	 * The call is over.
	 * @param statusCode {@code 0} for a result, the error code of a JSON-RPC error response, or
	 * {@link #NO_RESPONSE}
	 * @param error why the call failed, or {@code null} if it got a result (or a notification was
	 * written)
	 */
	void finish(int statusCode, @Nullable Throwable error);

}
