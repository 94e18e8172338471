package dev.pipeipc.server.jsonrpc.stream;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A Reactive Streams {@link Publisher} (a {@code Flux}, RxJava's {@code Flowable}, ...) as an
 * {@link ItemSource}. Loaded only when {@code org.reactivestreams} is on the classpath.
 */
final class ReactiveStreamsSource extends SubscriberSource implements Subscriber<Object> {

	private final Publisher<?> publisher;

	private @Nullable Subscription subscription;

	ReactiveStreamsSource(Publisher<?> publisher) {
		this.publisher = publisher;
	}

	static boolean isPublisherType(Class<?> type) {
		return Publisher.class.isAssignableFrom(type);
	}

	static Class<?> publisherType() {
		return Publisher.class;
	}

	static @Nullable ItemSource adapt(Object returned) {
		return (returned instanceof Publisher<?> publisher) ? new ReactiveStreamsSource(publisher) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	protected void subscribe() {
		((Publisher<Object>) this.publisher).subscribe(this);
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		synchronized (this) {
			this.subscription = subscription;
		}
		subscribed();
	}

	@Override
	protected void requestFromSubscription(long n) {
		if (this.subscription != null) {
			this.subscription.request(n);
		}
	}

	@Override
	protected void cancelSubscription() {
		if (this.subscription != null) {
			this.subscription.cancel();
		}
	}

	@Override
	public void onNext(Object item) {
		sink().onNext(item);
	}

	@Override
	public void onError(Throwable error) {
		sink().onError(error);
	}

	@Override
	public void onComplete() {
		sink().onComplete();
	}

}
