package dev.pipeipc.client;

import java.util.concurrent.CompletableFuture;

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

}
