package dev.pipeipc.server.jsonrpc.stream;

import org.jspecify.annotations.Nullable;

/**
 * The part of a publisher's {@link ItemSource} that is the same for Reactive Streams and
 * {@link java.util.concurrent.Flow}: demand asked for before the subscription arrives is kept and
 * passed on when it does, a cancel before it cancels it on arrival, and calls on the subscription
 * are serialised (Reactive Streams rule 2.7) while staying re-entrant for a publisher that emits
 * from inside {@code request} (rule 3.3).
 */
abstract class SubscriberSource implements ItemSource {

	private @Nullable ItemSink sink;

	private boolean subscribed;

	private long early;

	private boolean cancelled;

	/**
	 * Subscribe to the publisher.
	 */
	protected abstract void subscribe();

	/**
	 * Pass demand to the subscription; called under this object's lock.
	 */
	protected abstract void requestFromSubscription(long n);

	/**
	 * Cancel the subscription; called under this object's lock.
	 */
	protected abstract void cancelSubscription();

	@Override
	public void start(ItemSink sink) {
		this.sink = sink;
		subscribe();
	}

	/**
	 * The subscription arrived: pass on what was asked before it.
	 */
	protected final synchronized void subscribed() {
		this.subscribed = true;
		if (this.cancelled) {
			cancelSubscription();
			return;
		}
		if (this.early > 0) {
			long n = this.early;
			this.early = 0;
			requestFromSubscription(n);
		}
	}

	@Override
	public final synchronized void request(long n) {
		if (this.cancelled) {
			return;
		}
		if (!this.subscribed) {
			this.early += n;
			return;
		}
		requestFromSubscription(n);
	}

	@Override
	public final synchronized void cancel() {
		if (this.cancelled) {
			return;
		}
		this.cancelled = true;
		if (this.subscribed) {
			cancelSubscription();
		}
	}

	protected final ItemSink sink() {
		ItemSink target = this.sink;
		if (target == null) {
			throw new IllegalStateException("A publisher signalled before it was subscribed to");
		}
		return target;
	}

}
