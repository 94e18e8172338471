package dev.pipeipc.client;

import java.lang.ref.Cleaner;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.jsonrpc.JsonRpcMethods;

/**
 * Opens remote streams for a {@link PipeClient}, over its public calls: the opening call is an
 * ordinary call whose result is read as a tree, each pull is a {@code $/enumerator/next} call and
 * the abort a {@code $/enumerator/abort} notification, so they share the client's connection,
 * request timeout, cancellation and observation.
 */
final class RemoteStreams implements RemoteEnumerator.Exchange {

	/** Pulls the next values of a stream: one argument, the token (positional, as StreamJsonRpc sends it). */
	static final String NEXT = JsonRpcMethods.ENUMERATOR_NEXT;

	/** Releases a stream before it finished: one argument, the token, as a notification. */
	static final String ABORT = JsonRpcMethods.ENUMERATOR_ABORT;

	private final PipeClient client;

	private final ObjectMapper mapper;

	private final String pipeName;

	RemoteStreams(PipeClient client, ObjectMapper mapper, String pipeName) {
		this.client = client;
		this.mapper = mapper;
		this.pipeName = pipeName;
	}

	/**
	 * Send the call now and return its values as a blocking stream.
	 * @param <T> the element type
	 * @param method the method
	 * @param params the params
	 * @param elementType what each value is read as
	 * @return the stream; closing it before its end aborts the stream on the server
	 */
	<T> Stream<T> stream(String method, @Nullable Object params, Type elementType) {
		String what = what(method);
		RemoteEnumerator enumerator = new RemoteEnumerator(what, this, () -> {
		});
		enumerator.start(this.client.callAsync(method, params, JsonNode.class));
		EnumeratorIterator<T> iterator = new EnumeratorIterator<>(enumerator, reader(elementType, what), what);
		// A stream left unclosed and unfinished is aborted once unreachable; the action holds the
		// enumerator, never the iterator, so it does not keep the iterator reachable.
		Cleaner.Cleanable abortWhenUnreachable = Unreachable.CLEANER.register(iterator, enumerator::close);
		Spliterator<T> spliterator = Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED);
		return StreamSupport.stream(spliterator, false).onClose(abortWhenUnreachable::clean);
	}

	/**
	 * A cold publisher of the method's values: each subscription sends its own call.
	 * @param <T> the element type
	 * @param method the method
	 * @param params the params
	 * @param elementType what each value is read as
	 * @return the publisher
	 */
	<T> Flow.Publisher<T> publisher(String method, @Nullable Object params, Type elementType) {
		String what = what(method);
		Function<JsonNode, T> reader = reader(elementType, what);
		return (subscriber) -> {
			Objects.requireNonNull(subscriber, "A subscriber is required (Reactive Streams rule 1.9)");
			new EnumeratorSubscription<>(subscriber, this, reader, what)
				.start(() -> this.client.callAsync(method, params, JsonNode.class));
		};
	}

	@Override
	public CompletableFuture<JsonNode> next(JsonNode token) {
		return this.client.callAsync(NEXT, List.of(token), JsonNode.class);
	}

	@Override
	public void abort(JsonNode token) {
		this.client.notify(ABORT, List.of(token));
	}

	private String what(String method) {
		return "method '" + method + "' on pipe '" + this.pipeName + "'";
	}

	@SuppressWarnings("unchecked")
	private <T> Function<JsonNode, T> reader(Type elementType, String what) {
		JavaType type = this.mapper.constructType(elementType);
		if (type.getRawClass() == JsonNode.class) {
			return (value) -> (T) value;
		}
		return (value) -> {
			try {
				return (T) this.mapper.treeToValue(value, type);
			}
			catch (JacksonException ex) {
				throw new PipeClientException("A value of the stream of " + what + " cannot be read as "
						+ type.toCanonical() + ": " + ex.getOriginalMessage(), ex);
			}
		};
	}

	/** Holds the cleaner, started with the first stream. */
	private static final class Unreachable {

		static final Cleaner CLEANER = Cleaner.create();

	}

}
