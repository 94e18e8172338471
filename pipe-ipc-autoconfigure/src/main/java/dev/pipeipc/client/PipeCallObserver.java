package dev.pipeipc.client;

/**
 * Told about each call and notification a {@link PipeClient} sends, to time it, count it or put
 * trace context on it. The client knows nothing of metrics or tracing libraries: an
 * implementation of this interface (such as the Micrometer one in
 * {@code dev.pipeipc.observation}) does, and is set on the client's
 * {@linkplain PipeClient.Builder#callObserver builder}.
 * <p>
 * {@link #NONE}, the default, is never called: the client checks for it and sends its requests as
 * it always does, allocating nothing for observation.
 */
@FunctionalInterface
public interface PipeCallObserver {

	/** Observes nothing; the default. */
	PipeCallObserver NONE = (call) -> ObservedCall.NONE;

	/**
	 * A call or notification is about to be written. Called on the caller's thread.
	 * @param call what is being sent
	 * @return the call's observation, finished exactly once
	 */
	ObservedCall start(PipeClientCall call);

}
