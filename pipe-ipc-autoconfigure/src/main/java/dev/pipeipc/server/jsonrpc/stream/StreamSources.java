package dev.pipeipc.server.jsonrpc.stream;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;

/**
 * Which return types are streamed, and what a returned value becomes to be streamed. Reactive
 * Streams types are named only inside {@link ReactiveStreamsSource}, which is loaded only when
 * {@code org.reactivestreams} is on the application's classpath ({@code reactiveStreams}), so a server without Reactor streams a
 * {@code Stream} or a {@code Flow.Publisher} all the same.
 */
final class StreamSources {

	private static final Log logger = LogFactory.getLog(StreamSources.class);

	private static final String MONO = "reactor.core.publisher.Mono";

	private StreamSources() {
	}

	/**
	 * The interface a return type is streamed as.
	 * @param method the handler method
	 * @param marked whether it is annotated {@code @PipeStream}
	 * @param reactiveStreams whether Reactive Streams is on the classpath
	 * @return {@code Stream}, {@code Flow.Publisher}, Reactive Streams' {@code Publisher},
	 * {@code Iterator} or {@code Iterable}, or {@code null} when its result is answered once
	 */
	static @Nullable Class<?> streamedAs(Method method, boolean marked, boolean reactiveStreams) {
		Class<?> raw = method.getReturnType();
		if (Flow.Publisher.class.isAssignableFrom(raw)) {
			return Flow.Publisher.class;
		}
		if (reactiveStreams && ReactiveStreamsSource.isPublisherType(raw) && !isMono(raw)) {
			return ReactiveStreamsSource.publisherType();
		}
		if (Stream.class.isAssignableFrom(raw)) {
			return Stream.class;
		}
		if (marked && Iterator.class.isAssignableFrom(raw)) {
			return Iterator.class;
		}
		if (marked && Iterable.class.isAssignableFrom(raw)) {
			return Iterable.class;
		}
		return null;
	}

	/**
	 * The type of the values a streamed handler sends.
	 * @param method the handler method
	 * @param streamedAs the interface its result is streamed as
	 * @return the element type, {@code Object} when the return type does not say
	 */
	static Type elementType(Method method, Class<?> streamedAs) {
		ResolvableType element = ResolvableType.forMethodReturnType(method).as(streamedAs).getGeneric(0);
		return (element == ResolvableType.NONE) ? Object.class : element.getType();
	}

	/** A Mono is one value, not a stream: left to be answered as before. */
	private static boolean isMono(Class<?> type) {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			if (current.getName().equals(MONO)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What a handler returned, as an item source.
	 * @param returned the value, not {@code null}
	 * @param handler the handler, for the message
	 * @param reactiveStreams whether Reactive Streams is on the classpath
	 * @return the source
	 * @throws IllegalStateException if the value is of no type that can be streamed (its declared
	 * return type was, so a subclass broke it)
	 */
	static ItemSource adapt(Object returned, String handler, boolean reactiveStreams) {
		if (returned instanceof Flow.Publisher<?> publisher) {
			return new FlowSource(publisher);
		}
		if (reactiveStreams) {
			ItemSource source = ReactiveStreamsSource.adapt(returned);
			if (source != null) {
				return source;
			}
		}
		if (returned instanceof Stream<?> stream) {
			return new IteratorSource(stream.iterator(), stream);
		}
		if (returned instanceof Iterator<?> iterator) {
			return new IteratorSource(iterator, (iterator instanceof AutoCloseable closeable) ? closeable : null);
		}
		if (returned instanceof Iterable<?> iterable) {
			Iterator<?> iterator = iterable.iterator();
			AutoCloseable resource = (iterable instanceof AutoCloseable closeable) ? closeable
					: (iterator instanceof AutoCloseable closeable) ? closeable : null;
			return new IteratorSource(iterator, resource);
		}
		throw new IllegalStateException("Pipe handler " + handler + " returned a " + returned.getClass().getName()
				+ ", which cannot be streamed: return a Flux, a Publisher, a Flow.Publisher, a Stream, or an Iterator"
				+ " or Iterable with @PipeStream.");
	}

	/**
	 * Release a value that will not be streamed: close a {@code Stream} (running its
	 * {@code onClose} handlers); a publisher that was never subscribed to holds nothing.
	 * @param returned the value
	 */
	static void discard(Object returned) {
		if (returned instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.warn("Closing a stream a pipe handler returned failed", ex);
			}
		}
	}

}
