package dev.pipeipc.jsonrpc;

import java.lang.reflect.Type;
import java.util.Objects;
import java.util.function.Consumer;

import tools.jackson.core.type.TypeReference;

/**
 * Progress of one call, reported while it runs, the way .NET's {@code IProgress<T>} is: a
 * {@link dev.pipeipc.annotation.PipeHandler @PipeHandler} method declares a parameter of this type
 * and calls {@link #report} as it goes, and the caller passes a listener in the same place of its
 * params. On the wire the caller sends a token in that param and the server answers each report
 * with a {@value JsonRpcMethods#PROGRESS} notification {@code {"token": <token>, "value": <value>}}
 * before it sends the response.
 * <p>
 * It lives in this package, the JSON-RPC envelope both sides share, because both sides use the same
 * type: the server gives handlers an instance that sends notifications, and clients
 * ({@code PipeClient}, {@code @PipeExchange} interfaces), which may not depend on the server's
 * packages, accept one as a listener. A client that calls with a plain lambda or a
 * {@link Consumer} in its params receives values as Jackson reads JSON into {@code Object} (maps,
 * lists, strings, numbers, booleans); {@link #listener(Class, Consumer)} says which type to read
 * them as.
 *
 * @param <T> the type of the reported values
 */
@FunctionalInterface
public interface PipeProgress<T> {

	/**
	 * Report progress. On the server this never blocks for a slow client: while the client is
	 * behind, a newer value replaces one not yet sent, and the newest is always sent before the
	 * response. Values reported after the handler has answered are dropped.
	 * @param value the progress, serialized with the application's mapper
	 */
	void report(T value);

	/**
	 * A listener for a client call that reads each reported value as the given class.
	 * @param <T> the value type
	 * @param type what to read values as
	 * @param consumer receives each value
	 * @return the listener to put in a call's params
	 */
	static <T> PipeProgress<T> listener(Class<T> type, Consumer<? super T> consumer) {
		return new Listener<>(type, consumer);
	}

	/**
	 * A listener for a client call that reads each reported value as a generic type.
	 * @param <T> the value type
	 * @param type what to read values as, such as {@code new TypeReference<List<Step>>() {}}
	 * @param consumer receives each value
	 * @return the listener to put in a call's params
	 */
	static <T> PipeProgress<T> listener(TypeReference<T> type, Consumer<? super T> consumer) {
		return new Listener<>(type.getType(), consumer);
	}

	/**
	 * A listener that knows the type of its values, which a lambda cannot tell once compiled.
	 *
	 * @param <T> the value type
	 * @param valueType what the client reads values as
	 * @param consumer receives each value
	 */
	record Listener<T>(Type valueType, Consumer<? super T> consumer) implements PipeProgress<T> {

		public Listener {
			Objects.requireNonNull(valueType, "valueType must not be null");
			Objects.requireNonNull(consumer, "consumer must not be null");
		}

		@Override
		public void report(T value) {
			this.consumer.accept(value);
		}

	}

}
