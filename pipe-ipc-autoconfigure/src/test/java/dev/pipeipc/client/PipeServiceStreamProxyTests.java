package dev.pipeipc.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import dev.pipeipc.annotation.PipeExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PipeServiceProxyFactory} proxies whose methods return streams, over a
 * {@link RecordingPipeExchangeAdapter}: a {@link Stream} method streams through the adapter's
 * {@code stream}, a {@link Flux} or {@link Flow.Publisher} method through its
 * {@code streamPublisher}, each with the element type.
 */
class PipeServiceStreamProxyTests {

	private final RecordingPipeExchangeAdapter adapter = new RecordingPipeExchangeAdapter();

	private OrderStreams orders() {
		return PipeServiceProxyFactory.builderFor(this.adapter)
			.timeout(Duration.ofSeconds(1))
			.build()
			.createClient(OrderStreams.class);
	}

	@Test
	void streamMethodStreamsWithTheElementType() {
		this.adapter.streamValues = List.of("tea", "jam");
		try (Stream<String> all = orders().all("open")) {
			assertThat(all).containsExactly("tea", "jam");
		}
		RecordingPipeExchangeAdapter.Exchange exchange = this.adapter.last();
		assertThat(exchange.kind()).isEqualTo("stream");
		assertThat(exchange.request()).isEqualTo(new PipeRequest("orders.all", List.of("open")));
		assertThat(exchange.resultType()).isEqualTo(ParameterizedTypeReference.forType(String.class));
	}

	@Test
	void fluxMethodStreamsThroughThePublisherWithTheElementType() {
		this.adapter.streamValues = List.of(List.of("tea"), List.of("jam"));
		Flux<List<String>> pages = orders().pages(1);
		assertThat(this.adapter.last().kind()).isEqualTo("streamPublisher");
		assertThat(this.adapter.last().resultType())
			.isEqualTo(new ParameterizedTypeReference<List<String>>() { });
		StepVerifier.create(pages).expectNext(List.of("tea"), List.of("jam")).verifyComplete();
	}

	@Test
	void flowPublisherMethodReturnsThePublisher() {
		this.adapter.streamValues = List.of("tea");
		StepVerifier.create(JdkFlowAdapter.flowPublisherToFlux(orders().feed())).expectNext("tea").verifyComplete();
		assertThat(this.adapter.last().request().method()).isEqualTo("orders.feed");
	}

	@Test
	void adapterThatCannotStreamSaysSo() {
		PipeExchangeAdapter plain = new PipeExchangeAdapter() {

			@Override
			public void notify(PipeRequest request) {
			}

			@Override
			public <T> T call(PipeRequest request, ParameterizedTypeReference<T> resultType) {
				throw new UnsupportedOperationException();
			}

			@Override
			public <T> CompletableFuture<T> callAsync(PipeRequest request, ParameterizedTypeReference<T> resultType) {
				throw new UnsupportedOperationException();
			}

		};
		OrderStreams orders = PipeServiceProxyFactory.builderFor(plain).build().createClient(OrderStreams.class);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> orders.all("open"))
			.withMessageContaining("cannot stream the values of method 'orders.all'");
	}

	// tag::interface[]
	@PipeExchange("orders")
	interface OrderStreams {

		@PipeExchange
		Stream<String> all(String status);              // blocking; close it if you stop early

		@PipeExchange(params = PipeExchange.Params.NAMED)
		Flux<List<String>> pages(int size);             // lazy; request(n) pulls, cancel aborts

		@PipeExchange
		Flow.Publisher<String> feed();                  // the same without Reactor

	}
	// end::interface[]

}
