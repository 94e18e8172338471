package dev.pipeipc.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;

/**
 * A {@link PipeClient} as a {@link PipeExchangeAdapter}, for {@link PipeServiceProxyFactory}:
 * <pre class="code">
 * PipeServiceProxyFactory factory = PipeServiceProxyFactory.builderFor(PipeClientAdapter.create(client)).build();
 * </pre>
 */
public final class PipeClientAdapter implements PipeExchangeAdapter {

	private final PipeClient client;

	private PipeClientAdapter(PipeClient client) {
		this.client = client;
	}

	/**
	 * Adapt a client.
	 * @param client the client to send requests with
	 * @return the adapter
	 */
	public static PipeClientAdapter create(PipeClient client) {
		return new PipeClientAdapter(client);
	}

	@Override
	public void notify(PipeRequest request) {
		this.client.notify(request.method(), request.params());
	}

	@Override
	public <T> @Nullable T call(PipeRequest request, ParameterizedTypeReference<T> resultType) {
		return this.client.call(request.method(), request.params(), resultType);
	}

	@Override
	public <T> CompletableFuture<T> callAsync(PipeRequest request, ParameterizedTypeReference<T> resultType) {
		return this.client.callAsync(request.method(), request.params(), resultType);
	}

	@Override
	public <T> Stream<T> stream(PipeRequest request, ParameterizedTypeReference<T> elementType) {
		return this.client.stream(request.method(), request.params(), elementType);
	}

	@Override
	public <T> Flow.Publisher<T> streamPublisher(PipeRequest request, ParameterizedTypeReference<T> elementType) {
		return this.client.streamPublisher(request.method(), request.params(), elementType.getType());
	}

	@Override
	public String toString() {
		return this.client.toString();
	}

}
