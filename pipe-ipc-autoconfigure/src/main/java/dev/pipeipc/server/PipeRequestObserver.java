package dev.pipeipc.server;

/**
 * Told about each request a server handles, to time it, count it or trace it. The engine and its
 * protocols know nothing of metrics or tracing libraries: an implementation of this interface
 * (such as the Micrometer one in {@code dev.pipeipc.observation}) does, and is set on the server's
 * {@linkplain PipeServerBuilder#requestObserver builder}.
 * <p>
 * {@link #NONE}, the default, is never called: a protocol checks for it and skips describing the
 * request at all, so a server without an observer allocates nothing for observation.
 */
@FunctionalInterface
public interface PipeRequestObserver {

	/** Observes nothing; the default. */
	PipeRequestObserver NONE = (request) -> ObservedRequest.NONE;

	/**
	 * A request is about to be handled. Called on the thread that will run its handler.
	 * @param request what is known of the request before it runs
	 * @return the request's observation, finished exactly once
	 */
	ObservedRequest start(PipeServerRequest request);

	/**
	 * A handler's result started streaming: its first values are sent with the answer to the
	 * request, more as the client pulls them. Called once per stream, after the request's own
	 * observation started.
	 * @param request the request whose handler returned the stream
	 * @return the stream's observation, finished exactly once when it ends
	 */
	default ObservedStream startStream(PipeServerRequest request) {
		return ObservedStream.NONE;
	}

}
