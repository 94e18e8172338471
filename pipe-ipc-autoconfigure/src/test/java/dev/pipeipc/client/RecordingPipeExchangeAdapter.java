package dev.pipeipc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/**
 * A {@link PipeExchangeAdapter} that records each exchange and answers it with a result the test
 * chose, or with a future the test completes.
 */
class RecordingPipeExchangeAdapter implements PipeExchangeAdapter {

	final List<Exchange> exchanges = new ArrayList<>();

	@Nullable Object result;

	CompletableFuture<Object> future = new CompletableFuture<>();

	List<Object> streamValues = List.of();

	Exchange last() {
		return this.exchanges.get(this.exchanges.size() - 1);
	}

	@Override
	public void notify(PipeRequest request) {
		this.exchanges.add(new Exchange("notify", request, null));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T call(PipeRequest request, ParameterizedTypeReference<T> resultType) {
		this.exchanges.add(new Exchange("call", request, resultType));
		return (T) this.result;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> callAsync(PipeRequest request, ParameterizedTypeReference<T> resultType) {
		this.exchanges.add(new Exchange("callAsync", request, resultType));
		return (CompletableFuture<T>) this.future;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> Stream<T> stream(PipeRequest request, ParameterizedTypeReference<T> elementType) {
		this.exchanges.add(new Exchange("stream", request, elementType));
		return (Stream<T>) this.streamValues.stream();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> Flow.Publisher<T> streamPublisher(PipeRequest request, ParameterizedTypeReference<T> elementType) {
		this.exchanges.add(new Exchange("streamPublisher", request, elementType));
		return JdkFlowAdapter.publisherToFlowPublisher((Flux<T>) Flux.fromIterable(this.streamValues));
	}

	@Override
	public String toString() {
		return "recording adapter";
	}

	/**
	 * One exchange: which adapter method, the request, and the result type asked for.
	 */
	record Exchange(String kind, PipeRequest request, @Nullable ParameterizedTypeReference<?> resultType) {
	}

}
