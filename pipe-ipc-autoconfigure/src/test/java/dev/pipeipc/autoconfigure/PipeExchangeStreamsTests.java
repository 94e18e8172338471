package dev.pipeipc.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import dev.pipeipc.annotation.PipeExchange;
import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.reactive.ReactivePipeClient;
import dev.pipeipc.client.registry.ImportPipeExchanges;
import dev.pipeipc.jsonrpc.JsonRpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * End to end in one application context: {@code @PipeHandler} methods returning a {@code Flux} and
 * a {@code Stream}, streamed by the auto-configured server, consumed over its socket by a
 * {@code @PipeExchange} proxy as a {@code Flux} and as a {@code Stream}; stopping early releases the
 * handler's stream (its {@code Flux} is cancelled, its {@code Stream} closed).
 */
class PipeExchangeStreamsTests {

	private static final int MANY = 1_000_000;

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration()
			.withPropertyValues("pipe.server.directory=" + this.directory, "pipe.server.name=shop",
					"pipe.clients.shop.directory=" + this.directory, "pipe.clients.shop.request-timeout=10s",
					"pipe.server.streams.min-batch-size=16", "pipe.server.streams.prefetch=4")
			.withUserConfiguration(OrderHandlers.class, Clients.class);
	}

	private static List<Integer> ids(int count) {
		return IntStream.rangeClosed(1, count).boxed().toList();
	}

	@Test
	void fluxHandlerIsConsumedAsAFlux() {
		runner().run((context) -> assertThat(context.getBean(OrderStreams.class).live(1000).map(Order::id).collectList()
			.block(Duration.ofSeconds(10))).isEqualTo(ids(1000)));
	}

	@Test
	void fluxHandlerIsConsumedAsAStream() {
		runner().run((context) -> {
			try (Stream<Order> orders = context.getBean(OrderStreams.class).liveAsStream(1000)) {
				assertThat(orders.map(Order::id)).isEqualTo(ids(1000));
			}
		});
	}

	@Test
	void streamHandlerIsConsumedAsAStream() {
		runner().run((context) -> {
			try (Stream<Order> orders = context.getBean(OrderStreams.class).all(1000)) {
				assertThat(orders.map(Order::id)).isEqualTo(ids(1000));
			}
		});
	}

	@Test
	void streamHandlerIsConsumedAsAFlux() {
		runner().run((context) -> assertThat(context.getBean(OrderStreams.class).allAsFlux(1000).map(Order::id)
			.collectList()
			.block(Duration.ofSeconds(10))).isEqualTo(ids(1000)));
	}

	@Test
	void emptyStreamsComplete() {
		runner().run((context) -> {
			OrderStreams orders = context.getBean(OrderStreams.class);
			StepVerifier.create(orders.live(0)).verifyComplete();
			try (Stream<Order> none = orders.all(0)) {
				assertThat(none).isEmpty();
			}
		});
	}

	@Test
	void takingFewFromAFluxCancelsTheHandlersFlux() {
		runner().run((context) -> {
			StepVerifier.create(context.getBean(OrderStreams.class).live(MANY).take(5).map(Order::id))
				.expectNext(1, 2, 3, 4, 5)
				.verifyComplete();
			assertThat(context.getBean(OrderHandlers.class).fluxCancelled.await(10, TimeUnit.SECONDS)).isTrue();
		});
	}

	@Test
	void closingAStreamEarlyClosesTheHandlersStream() {
		runner().run((context) -> {
			try (Stream<Order> orders = context.getBean(OrderStreams.class).all(MANY)) {
				assertThat(orders.limit(5).map(Order::id)).containsExactly(1, 2, 3, 4, 5);
			}
			assertThat(context.getBean(OrderHandlers.class).streamClosed.await(10, TimeUnit.SECONDS)).isTrue();
		});
	}

	@Test
	void demandBoundsWhatTheHandlerProduces() {
		runner().run((context) -> {
			OrderHandlers handlers = context.getBean(OrderHandlers.class);
			StepVerifier.create(context.getBean(OrderStreams.class).live(MANY), 0)
				.thenRequest(20)
				.expectNextCount(20)
				.thenCancel()
				.verify(Duration.ofSeconds(10));
			assertThat(handlers.fluxCancelled.await(10, TimeUnit.SECONDS)).isTrue();
			// Prefetch, batches and the server's read-ahead: far fewer than the million asked for.
			assertThat(handlers.produced.get()).isLessThan(1000);
		});
	}

	@Test
	void handlerErrorAfterValuesReachesBothConsumers() {
		runner().run((context) -> {
			OrderStreams orders = context.getBean(OrderStreams.class);
			StepVerifier.create(orders.failing())
				.expectNextCount(20)
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(JsonRpcException.class))
				.verify(Duration.ofSeconds(10));
			try (Stream<Order> failing = orders.failingAsStream()) {
				assertThatExceptionOfType(JsonRpcException.class).isThrownBy(failing::toList);
			}
		});
	}

	@Test
	void reactiveClientStreamsFromTheConfiguredClient() {
		runner().run((context) -> {
			ReactivePipeClient reactive = ReactivePipeClient.create(context.getBean(PipeClient.class));
			assertThat(reactive.stream("orders.live", List.of(3), Order.class).map(Order::item).collectList()
				.block(Duration.ofSeconds(10))).containsExactly("item 1", "item 2", "item 3");
		});
	}

	record Order(int id, String item) {
	}

	@PipeExchange("orders")
	interface OrderStreams {

		@PipeExchange
		Flux<Order> live(int count);

		@PipeExchange("live")
		Stream<Order> liveAsStream(int count);

		@PipeExchange
		Stream<Order> all(int count);

		@PipeExchange("all")
		Flux<Order> allAsFlux(int count);

		@PipeExchange
		Flux<Order> failing();

		@PipeExchange("failing")
		Stream<Order> failingAsStream();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportPipeExchanges(client = "shop", types = OrderStreams.class)
	static class Clients {

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderHandlers {

		final CountDownLatch fluxCancelled = new CountDownLatch(1);

		final CountDownLatch streamClosed = new CountDownLatch(1);

		final AtomicInteger produced = new AtomicInteger();

		@PipeHandler("orders.live")
		Flux<Order> live(int count) {
			return Flux.range(1, count)
				.doOnNext((id) -> this.produced.incrementAndGet())
				.map((id) -> new Order(id, "item " + id))
				.doOnCancel(this.fluxCancelled::countDown);
		}

		@PipeHandler("orders.all")
		Stream<Order> all(int count) {
			return IntStream.rangeClosed(1, count)
				.mapToObj((id) -> new Order(id, "item " + id))
				.onClose(this.streamClosed::countDown);
		}

		@PipeHandler("orders.failing")
		Flux<Order> failing() {
			return Flux.range(1, 20)
				.map((id) -> new Order(id, "item " + id))
				.concatWith(Flux.error(new IllegalStateException("The warehouse is closed")));
		}

	}

}
