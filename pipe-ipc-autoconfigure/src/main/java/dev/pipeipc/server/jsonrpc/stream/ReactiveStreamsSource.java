package dev.pipeipc.server.jsonrpc.stream;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;

/**
 * A Reactive Streams {@link Publisher} (a {@code Flux}, RxJava's {@code Flowable}, ...) as an
 * {@link ItemSource}: adapted by Reactive Streams' own {@link FlowAdapters} to the JDK's
 * {@code Flow.Publisher} and read as a {@link FlowSource}, so the two interfaces, which differ
 * only in their package, share one subscriber. Loaded only when {@code org.reactivestreams} is on
 * the classpath.
 */
final class ReactiveStreamsSource {

	private ReactiveStreamsSource() {
	}

	static boolean isPublisherType(Class<?> type) {
		return Publisher.class.isAssignableFrom(type);
	}

	static Class<?> publisherType() {
		return Publisher.class;
	}

	static @Nullable ItemSource adapt(Object returned) {
		return (returned instanceof Publisher<?> publisher) ? new FlowSource(FlowAdapters.toFlowPublisher(publisher))
				: null;
	}

}
