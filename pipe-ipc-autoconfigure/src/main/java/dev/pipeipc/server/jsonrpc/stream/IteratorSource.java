package dev.pipeipc.server.jsonrpc.stream;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A {@link java.util.stream.Stream}, {@link Iterator} or {@link Iterable} as an
 * {@link ItemSource}: items are read on the thread that requests them, never more than requested
 * (a {@code Stream}'s iterator may compute one more to answer {@code hasNext()}, which tells the
 * end from the last item at once). Whoever requests or cancels while another thread reads leaves
 * the work to that thread, so the iterator is only ever used by one thread at a time, and it is
 * closed (a {@code Stream}'s {@code onClose} handlers run) exactly once: at its end, on a failure,
 * or on cancel.
 */
final class IteratorSource implements ItemSource {

	private static final Log logger = LogFactory.getLog(IteratorSource.class);

	private final Iterator<?> iterator;

	private final @Nullable AutoCloseable resource;

	private final AtomicLong requested = new AtomicLong();

	private final AtomicInteger work = new AtomicInteger();

	private volatile boolean cancelled;

	private boolean closed;

	private @Nullable ItemSink sink;

	IteratorSource(Iterator<?> iterator, @Nullable AutoCloseable resource) {
		this.iterator = iterator;
		this.resource = resource;
	}

	@Override
	public void start(ItemSink sink) {
		this.sink = sink;
	}

	@Override
	public void request(long n) {
		this.requested.addAndGet(n);
		drain();
	}

	@Override
	public void cancel() {
		this.cancelled = true;
		drain();
	}

	private void drain() {
		if (this.work.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			emit();
			missed = this.work.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private void emit() {
		ItemSink target = this.sink;
		if (this.closed || target == null) {
			return;
		}
		try {
			while (!this.cancelled && this.requested.get() > 0) {
				if (!this.iterator.hasNext()) {
					close();
					target.onComplete();
					return;
				}
				Object item = this.iterator.next();
				this.requested.decrementAndGet();
				target.onNext(item);
			}
			if (!this.cancelled && !this.iterator.hasNext()) {
				close();
				target.onComplete();
				return;
			}
		}
		catch (RuntimeException | Error ex) {
			close();
			target.onError(ex);
			return;
		}
		if (this.cancelled) {
			close();
		}
	}

	private void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (this.resource != null) {
			try {
				this.resource.close();
			}
			catch (Exception ex) {
				logger.warn("Closing the stream a pipe handler returned failed", ex);
			}
		}
	}

}
