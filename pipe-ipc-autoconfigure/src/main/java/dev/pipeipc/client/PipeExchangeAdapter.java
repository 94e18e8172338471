package dev.pipeipc.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;

/**
 * What a {@link PipeServiceProxyFactory} proxy calls through: the one interface between
 * {@link dev.pipeipc.annotation.PipeExchange @PipeExchange} interfaces and the client that sends
 * their requests, in the shape of Spring's {@code HttpExchangeAdapter}. {@link PipeClientAdapter}
 * adapts a {@link PipeClient}; tests use a recording one, and a decorator can add behaviour
 * (logging, metrics, retries) around any adapter.
 */
public interface PipeExchangeAdapter {

	/**
	 * Send a notification: the server never answers it.
	 * @param request the request
	 */
	void notify(PipeRequest request);

	/**
	 * Call a method and wait for its result.
	 * @param <T> the result type
	 * @param request the request
	 * @param resultType what to read the result as
	 * @return the result
	 */
	<T> @Nullable T call(PipeRequest request, ParameterizedTypeReference<T> resultType);

	/**
	 * Call a method without waiting.
	 * @param <T> the result type
	 * @param request the request
	 * @param resultType what to read the result as
	 * @return the result, when it arrives; completing it exceptionally (cancelling, timing out)
	 * should stop the call
	 */
	<T> CompletableFuture<T> callAsync(PipeRequest request, ParameterizedTypeReference<T> resultType);

	/**
	 * Call a method that answers a stream, and read its values as they are consumed. An adapter
	 * that cannot stream leaves this as it is, refusing.
	 * @param <T> the element type
	 * @param request the request
	 * @param elementType what to read each value as
	 * @return the values; closing the stream before its end should release it on the server
	 * @throws UnsupportedOperationException if the adapter cannot stream
	 */
	default <T> Stream<T> stream(PipeRequest request, ParameterizedTypeReference<T> elementType) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot stream the values of method '"
				+ request.method() + "'; implement stream(PipeRequest, ParameterizedTypeReference) to do so");
	}

	/**
	 * A method's stream as a publisher; each subscription calls the method. An adapter that cannot
	 * stream leaves this as it is, refusing.
	 * @param <T> the element type
	 * @param request the request
	 * @param elementType what to read each value as
	 * @return the publisher, which pulls values as they are requested and releases the stream on
	 * the server when cancelled
	 * @throws UnsupportedOperationException if the adapter cannot stream
	 */
	default <T> Flow.Publisher<T> streamPublisher(PipeRequest request, ParameterizedTypeReference<T> elementType) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot stream the values of method '"
				+ request.method() + "'; implement streamPublisher(PipeRequest, ParameterizedTypeReference) to do so");
	}

}
