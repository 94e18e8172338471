package dev.pipeipc.server.jsonrpc.stream;

import java.util.concurrent.Flow;

import org.jspecify.annotations.Nullable;

/**
 * A {@link Flow.Publisher} (the JDK's copy of Reactive Streams) as an {@link ItemSource}.
 */
final class FlowSource extends SubscriberSource implements Flow.Subscriber<Object> {

	private final Flow.Publisher<?> publisher;

	private Flow.@Nullable Subscription subscription;

	FlowSource(Flow.Publisher<?> publisher) {
		this.publisher = publisher;
	}

	@Override
	@SuppressWarnings("unchecked")
	protected void subscribe() {
		((Flow.Publisher<Object>) this.publisher).subscribe(this);
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
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
