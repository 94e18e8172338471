package dev.pipeipc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;

/**
 * A {@link PipeExchangeAdapter} that records each exchange and answers it with a result the test
 * chose, or with a future the test completes.
 */
class RecordingPipeExchangeAdapter implements PipeExchangeAdapter {

	final List<Exchange> exchanges = new ArrayList<>();

	@Nullable Object result;

	CompletableFuture<Object> future = new CompletableFuture<>();

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
	public String toString() {
		return "recording adapter";
	}

	/**
	 * One exchange: which adapter method, the request, and the result type asked for.
	 */
	record Exchange(String kind, PipeRequest request, @Nullable ParameterizedTypeReference<?> resultType) {
	}

}
