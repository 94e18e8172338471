package dev.pipeipc.client;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ParameterizedTypeReference;

import dev.pipeipc.annotation.PipeExchange;
import dev.pipeipc.annotation.PipeParam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PipeServiceProxyFactory} over a {@link RecordingPipeExchangeAdapter}: no client, no socket.
 */
class PipeServiceProxyFactoryTests {

	private final RecordingPipeExchangeAdapter adapter = new RecordingPipeExchangeAdapter();

	private Orders orders() {
		return PipeServiceProxyFactory.builderFor(this.adapter).build().createClient(Orders.class);
	}

	@Test
	void waitingMethodCallsThePrefixedMethodWithPositionalParamsAndReturnsTheResult() {
		this.adapter.result = "order 42";
		assertThat(orders().get(42, "open")).isEqualTo("order 42");
		RecordingPipeExchangeAdapter.Exchange exchange = this.adapter.last();
		assertThat(exchange.kind()).isEqualTo("call");
		assertThat(exchange.request()).isEqualTo(new PipeRequest("orders.get", List.of(42L, "open")));
		assertThat(exchange.resultType()).isEqualTo(ParameterizedTypeReference.forType(String.class));
	}

	@Test
	void explicitNameReplacesTheJavaMethodName() {
		this.adapter.result = 3;
		assertThat(orders().count()).isEqualTo(3);
		assertThat(this.adapter.last().request().method()).isEqualTo("orders.size");
	}

	@Test
	void methodWithoutArgumentsSendsNoParams() {
		this.adapter.result = 0;
		orders().count();
		assertThat(this.adapter.last().request().params()).isNull();
	}

	@Test
	void namedParamsAreSentAsAnObjectKeyedByParameterName() {
		orders().find("coffee", 3);
		assertThat(this.adapter.last().request().params()).isEqualTo(Map.of("item", "coffee", "limit", 3));
	}

	@Test
	void pipeParamNamesTheParamInsteadOfTheCompiledName() {
		orders().findByCustomer("c-7", 2);
		assertThat(this.adapter.last().request().params()).isEqualTo(Map.of("customer", "c-7", "limit", 2));
	}

	@Test
	void pipeParamNamesParamsOfAMethodCompiledWithoutParameterNames() {
		PipeServiceProxyFactory factory = PipeServiceProxyFactory.builderFor(this.adapter)
			.parameterNameDiscoverer(new NoParameterNames())
			.build();
		factory.createClient(NamedByAnnotation.class).find("tea", 5);
		assertThat(this.adapter.last().request().params()).isEqualTo(Map.of("item", "tea", "limit", 5));
	}

	@Test
	void voidMethodSendsANotification() {
		orders().log("hello");
		RecordingPipeExchangeAdapter.Exchange exchange = this.adapter.last();
		assertThat(exchange.kind()).isEqualTo("notify");
		assertThat(exchange.request()).isEqualTo(new PipeRequest("orders.log", List.of("hello")));
		assertThat(exchange.resultType()).isNull();
	}

	@Test
	void futureMethodCallsWithoutWaitingAndReadsTheFuturesTypeArgument() {
		CompletableFuture<List<String>> items = orders().itemsAsync();
		assertThat(items).isSameAs(this.adapter.future).isNotDone();
		RecordingPipeExchangeAdapter.Exchange exchange = this.adapter.last();
		assertThat(exchange.kind()).isEqualTo("callAsync");
		assertThat(exchange.resultType()).isEqualTo(new ParameterizedTypeReference<List<String>>() {
		});
	}

	@Test
	void completionStageMethodCallsWithoutWaiting() {
		CompletionStage<Integer> total = orders().totalAsync();
		assertThat(total).isSameAs(this.adapter.future);
		assertThat(this.adapter.last().resultType()).isEqualTo(ParameterizedTypeReference.forType(Integer.class));
	}

	@Test
	void defaultMethodRunsAsWritten() {
		this.adapter.result = 7;
		assertThat(orders().countTwice()).isEqualTo(14);
		assertThat(this.adapter.exchanges).hasSize(2);
	}

	@Test
	void methodWithoutPipeExchangeIsRefusedNamingIt() {
		PipeServiceProxyFactory factory = PipeServiceProxyFactory.builderFor(this.adapter).build();
		assertThatIllegalArgumentException().isThrownBy(() -> factory.createClient(Unannotated.class))
			.withMessageContaining("Unannotated.forgotten")
			.withMessageContaining("@PipeExchange");
	}

	@Test
	void classIsRefusedAsNotAnInterface() {
		PipeServiceProxyFactory factory = PipeServiceProxyFactory.builderFor(this.adapter).build();
		assertThatIllegalArgumentException().isThrownBy(() -> factory.createClient(String.class))
			.withMessageContaining("java.lang.String is not an interface");
	}

	@Test
	void builderWithoutAnAdapterIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PipeServiceProxyFactory.builder().build())
			.withMessageContaining("PipeExchangeAdapter is required");
	}

	@Test
	void decoratorWrapsTheAdapter() {
		Orders orders = PipeServiceProxyFactory.builderFor(this.adapter)
			.exchangeAdapterDecorator(Decorated::new)
			.build()
			.createClient(Orders.class);
		assertThat(orders.get(1, "any")).isEqualTo("decorated");
		assertThat(this.adapter.exchanges).isEmpty();
	}

	@Test
	void timeoutFailsAWaitingCallWithPipeTimeoutExceptionAndStopsItsFuture() {
		Orders orders = PipeServiceProxyFactory.builderFor(this.adapter)
			.timeout(Duration.ofMillis(50))
			.build()
			.createClient(Orders.class);
		assertThatThrownBy(() -> orders.get(42, "open")).isInstanceOf(PipeTimeoutException.class)
			.hasMessageContaining("orders.get")
			.hasMessageContaining("50 ms");
		assertThat(this.adapter.last().kind()).isEqualTo("callAsync");
		assertThat(this.adapter.future).isCompletedExceptionally();
	}

	@Test
	void timeoutFailsAReturnedFutureWithPipeTimeoutException() {
		Orders orders = PipeServiceProxyFactory.builderFor(this.adapter)
			.timeout(Duration.ofMillis(50))
			.build()
			.createClient(Orders.class);
		assertThat(orders.itemsAsync()).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeTimeoutException.class);
	}

	@Test
	void callAnsweredWithinTheTimeoutReturnsItsResult() {
		this.adapter.future.complete("fast");
		Orders orders = PipeServiceProxyFactory.builderFor(this.adapter)
			.timeout(Duration.ofSeconds(5))
			.build()
			.createClient(Orders.class);
		assertThat(orders.get(1, "open")).isEqualTo("fast");
	}

	@Test
	void zeroTimeoutIsRefusedNamingTheValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PipeServiceProxyFactory.builderFor(this.adapter).timeout(Duration.ZERO))
			.withMessageContaining("PT0S");
	}

	@Test
	void objectMethodsAnswerWithoutTheAdapter() {
		Orders orders = orders();
		assertThat(orders.toString()).isEqualTo("Orders client of recording adapter");
		assertThat(orders).isEqualTo(orders).isNotEqualTo(orders());
		assertThat(orders.hashCode()).isEqualTo(System.identityHashCode(orders));
		assertThat(this.adapter.exchanges).isEmpty();
	}

	@PipeExchange("orders")
	interface Orders {

		@PipeExchange
		String get(long id, String status);

		@PipeExchange("size")
		int count();

		@PipeExchange(params = PipeExchange.Params.NAMED)
		List<String> find(String item, int limit);

		@PipeExchange
		void log(String message);

		@PipeExchange(params = PipeExchange.Params.NAMED)
		List<String> findByCustomer(@PipeParam("customer") String customerId, int limit);

		@PipeExchange("items")
		CompletableFuture<List<String>> itemsAsync();

		@PipeExchange("total")
		CompletionStage<Integer> totalAsync();

		default int countTwice() {
			return count() + count();
		}

	}

	/**
	 * What a class compiled without {@code -parameters} gives.
	 */
	static final class NoParameterNames implements ParameterNameDiscoverer {

		@Override
		public @Nullable String @Nullable [] getParameterNames(Method method) {
			return null;
		}

		@Override
		public @Nullable String @Nullable [] getParameterNames(Constructor<?> ctor) {
			return null;
		}

	}

	interface NamedByAnnotation {

		@PipeExchange(params = PipeExchange.Params.NAMED)
		List<String> find(@PipeParam("item") String a, @PipeParam("limit") int b);

	}

	interface Unannotated {

		String forgotten();

	}

	/**
	 * Answers every waiting call itself, without the adapter it decorates.
	 */
	static final class Decorated extends RecordingPipeExchangeAdapter {

		Decorated(PipeExchangeAdapter delegate) {
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> @Nullable T call(PipeRequest request, ParameterizedTypeReference<T> resultType) {
			return (T) "decorated";
		}

	}

}
