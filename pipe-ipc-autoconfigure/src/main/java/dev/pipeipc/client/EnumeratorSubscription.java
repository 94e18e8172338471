package dev.pipeipc.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One subscriber's remote stream, as a Reactive Streams subscription ({@link Flow}): subscribing
 * sends the call, {@code request(n)} lets up to {@code n} more values through and pulls
 * {@code $/enumerator/next} only while demand is left and nothing is buffered, and {@code cancel}
 * aborts the stream on the server (and cancels the opening call if it is still in flight). So the
 * client holds at most the values requested plus one batch of the server's choosing.
 * <p>
 * Signals are delivered by whichever thread drains: the subscriber's in {@code request}, or the
 * client's reading thread when an answer arrives. A work-in-progress counter makes sure only one
 * thread drains at a time and that a signal arriving meanwhile is not lost (the usual
 * Reactive Streams drain loop).
 *
 * @param <T> the element type
 */
final class EnumeratorSubscription<T> implements Flow.Subscription {

	private final Flow.Subscriber<? super T> subscriber;

	private final Function<JsonNode, T> reader;

	private final String what;

	private final RemoteEnumerator enumerator;

	private final AtomicLong requested = new AtomicLong();

	private final AtomicInteger wip = new AtomicInteger();

	private volatile boolean cancelled;

	private volatile @Nullable RuntimeException badRequest;

	/** Only read and written while draining. */
	private boolean terminated;

	EnumeratorSubscription(Flow.Subscriber<? super T> subscriber, RemoteEnumerator.Exchange exchange,
			Function<JsonNode, T> reader, String what) {
		this.subscriber = subscriber;
		this.reader = reader;
		this.what = what;
		this.enumerator = new RemoteEnumerator(what, exchange, this::drain);
	}

	/**
	 * Hand the subscriber this subscription, then send the opening call.
	 * @param opener sends the call
	 */
	void start(Supplier<CompletableFuture<JsonNode>> opener) {
		this.subscriber.onSubscribe(this);
		if (this.cancelled) {
			return;
		}
		CompletableFuture<JsonNode> call;
		try {
			call = opener.get();
		}
		catch (RuntimeException ex) {
			call = CompletableFuture.failedFuture(ex);
		}
		this.enumerator.start(call);
	}

	@Override
	public void request(long n) {
		if (n <= 0) {
			this.badRequest = new IllegalArgumentException("Subscriber of the stream of " + this.what
					+ " requested " + n + " values; a request must be positive (Reactive Streams rule 3.9)");
		}
		else {
			this.requested.getAndAccumulate(n, (current, more) -> {
				long sum = current + more;
				return (sum < 0) ? Long.MAX_VALUE : sum;
			});
		}
		drain();
	}

	@Override
	public void cancel() {
		this.cancelled = true;
		this.enumerator.close();
	}

	private void drain() {
		if (this.wip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			if (!this.terminated && !this.cancelled) {
				drainOnce();
			}
			missed = this.wip.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private void drainOnce() {
		RuntimeException bad = this.badRequest;
		if (bad != null) {
			fail(bad);
			return;
		}
		long demand = this.requested.get();
		long emitted = 0;
		while (emitted != demand) {
			if (this.cancelled) {
				return;
			}
			JsonNode value = this.enumerator.poll();
			if (value == null) {
				break;
			}
			T item;
			try {
				item = this.reader.apply(value);
			}
			catch (RuntimeException ex) {
				fail(ex);
				return;
			}
			if (item == null) {
				fail(new PipeClientException("Stream of " + this.what + " sent a null value, which a Reactive Streams"
						+ " subscriber cannot receive; stream it as a Stream, or send no nulls"));
				return;
			}
			this.subscriber.onNext(item);
			emitted++;
		}
		if (emitted != 0 && demand != Long.MAX_VALUE) {
			this.requested.addAndGet(-emitted);
		}
		if (this.cancelled) {
			return;
		}
		if (this.enumerator.isDone()) {
			this.terminated = true;
			RuntimeException failure = this.enumerator.failure();
			if (failure != null) {
				this.subscriber.onError(failure);
			}
			else {
				this.subscriber.onComplete();
			}
			return;
		}
		if (this.requested.get() > 0) {
			this.enumerator.fetch();
		}
	}

	private void fail(RuntimeException failure) {
		this.terminated = true;
		this.enumerator.close();
		this.subscriber.onError(failure);
	}

}
