package dev.pipeipc.observation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pipeipc.client.PipeClientCall;
import dev.pipeipc.server.PipeServerInstrumentation;
import dev.pipeipc.server.PipeServerRequest;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.transport.PipePeer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the observation contexts, which keep their key values in sorted sets instead of
 * {@link Observation.Context}'s maps, behave as Micrometer's own context does.
 */
class ContextKeyValuesTests {

	static Stream<Supplier<Observation.Context>> contexts() {
		return Stream.of(
				() -> new PipeServerObservationContext(new PipeServerRequest(PipeServerInstrumentation.none("orders"),
						new TestSession(), "jsonrpc", "orders.get", true, "7", (name) -> null)),
				() -> new PipeClientObservationContext(new PipeClientCall("orders", "unix", "orders.get", "7")));
	}

	@ParameterizedTest
	@MethodSource("contexts")
	void everyMethodOfContextThatTouchesKeyValuesIsOverridden(Supplier<Observation.Context> context) {
		// A Micrometer release that adds a key-value method to Context would read or write maps
		// these contexts leave empty: this test names it.
		Class<?> type = context.get().getClass();
		List<String> missing = new ArrayList<>();
		for (Method method : Observation.Context.class.getDeclaredMethods()) {
			if (Modifier.isPublic(method.getModifiers()) && method.getName().contains("CardinalityKeyValue")) {
				try {
					type.getDeclaredMethod(method.getName(), method.getParameterTypes());
				}
				catch (NoSuchMethodException ex) {
					missing.add(method.toString());
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("contexts")
	void keyValuesAreAddedReplacedAndRemovedAsMicrometersContextDoes(Supplier<Observation.Context> supplier) {
		Observation.Context context = supplier.get();
		Observation.Context micrometers = new Observation.Context();
		for (Observation.Context each : List.of(context, micrometers)) {
			each.addLowCardinalityKeyValues(KeyValues.of("b", "1", "a", "1", "c", "1"));
			each.addLowCardinalityKeyValue(KeyValue.of("a", "2"));
			each.addLowCardinalityKeyValues(KeyValues.of("d", "1", "c", "2"));
			each.removeLowCardinalityKeyValue("b");
			each.removeLowCardinalityKeyValue("missing");
			each.addHighCardinalityKeyValue(KeyValue.of("z", "1"));
			each.addHighCardinalityKeyValues(KeyValues.of("y", "1", "x", "1", "w", "1"));
			each.removeHighCardinalityKeyValues("x", "w");
			each.removeLowCardinalityKeyValues("d");
		}
		assertThat(context.getLowCardinalityKeyValues()).containsExactly(KeyValue.of("a", "2"), KeyValue.of("c", "2"))
			.isEqualTo(micrometers.getLowCardinalityKeyValues());
		assertThat(context.getHighCardinalityKeyValues()).containsExactly(KeyValue.of("y", "1"), KeyValue.of("z", "1"))
			.isEqualTo(micrometers.getHighCardinalityKeyValues());
		assertThat(context.getAllKeyValues()).isEqualTo(micrometers.getAllKeyValues());
		assertThat(context.getLowCardinalityKeyValue("c")).isEqualTo(KeyValue.of("c", "2"));
		assertThat(context.getLowCardinalityKeyValue("b")).isNull();
		assertThat(context.getHighCardinalityKeyValue("z")).isEqualTo(KeyValue.of("z", "1"));
		assertThat(context.getHighCardinalityKeyValue("x")).isNull();
		assertThat(context.toString()).contains("lowCardinalityKeyValues=[a='2', c='2']");
	}

	@ParameterizedTest
	@MethodSource("contexts")
	void aSetWithTheKeysTheContextHoldsIsTakenAsItIs(Supplier<Observation.Context> supplier) {
		Observation.Context context = supplier.get();
		KeyValues atStart = KeyValues.of("a", "1", "b", "none");
		KeyValues atStop = KeyValues.of("a", "1", "b", "0");
		context.addLowCardinalityKeyValues(atStart);
		assertThat(context.getLowCardinalityKeyValues()).isSameAs(atStart);
		context.addLowCardinalityKeyValues(atStop);
		assertThat(context.getLowCardinalityKeyValues()).isSameAs(atStop);
		context.addLowCardinalityKeyValues(KeyValues.of("a", "2"));
		assertThat(context.getLowCardinalityKeyValues()).containsExactly(KeyValue.of("a", "2"), KeyValue.of("b", "0"));
	}

	@ParameterizedTest
	@MethodSource("contexts")
	void keyValuesAddedFromManyThreadsAreAllKept(Supplier<Observation.Context> supplier) throws Exception {
		Observation.Context context = supplier.get();
		int threads = 4;
		int each = 200;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String prefix = "t" + t + ".";
				writers.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < each; i++) {
						context.addLowCardinalityKeyValue(KeyValue.of(prefix + i, "v"));
						context.addHighCardinalityKeyValues(KeyValues.of(prefix + i, "v"));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> writer : writers) {
				writer.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(context.getLowCardinalityKeyValues()).hasSize(threads * each);
		assertThat(context.getHighCardinalityKeyValues()).hasSize(threads * each);
	}

	/**
	 * A connection with no peer.
	 */
	private static final class TestSession implements PipeSession {

		@Override
		public long id() {
			return 1;
		}

		@Override
		public String serverName() {
			return "orders";
		}

		@Override
		public Optional<PipePeer> peer() {
			return Optional.empty();
		}

		@Override
		public Map<String, Object> attributes() {
			return Map.of();
		}

		@Override
		public void notify(String method, @Nullable Object params) {
		}

		@Override
		public boolean isOpen() {
			return true;
		}

	}

}
