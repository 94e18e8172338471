package dev.pipeipc.benchmark.runner;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One measured transfer of the stream benchmark: how long it took from the request to the last
 * record received, and the heap of this (the client's) process: live after a full collection at
 * the start and at the end (while the client still holds what it received), and the most in use
 * (live or not) sampled every 5 ms in between.
 *
 * @param items records received
 * @param bytes JSON bytes of those records
 * @param nanos time from the request to the last record
 * @param heapStart live heap before the request, bytes
 * @param heapEnd live heap after the last record, bytes
 * @param heapPeak most heap in use while receiving, bytes
 */
record StreamRun(long items, long bytes, long nanos, long heapStart, long heapEnd, long heapPeak) {

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	/**
	 * A way to receive {@code count} records.
	 */
	interface Transfer {

		/**
		 * Receive {@code count} records and call {@code received} once the last one is in, while
		 * still holding whatever the transfer keeps of them.
		 * @return the number of records received
		 */
		long run(long count, Runnable received) throws Exception;

	}

	static StreamRun measure(Transfer transfer, long count) throws Exception {
		long heapStart = liveHeap();
		AtomicLong peak = new AtomicLong(MEMORY.getHeapMemoryUsage().getUsed());
		AtomicBoolean sampling = new AtomicBoolean(true);
		Thread sampler = new Thread(() -> {
			while (sampling.get()) {
				peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "stream-heap-sampler");
		sampler.setDaemon(true);
		sampler.start();
		long[] end = new long[2];
		long start = System.nanoTime();
		long items = transfer.run(count, () -> {
			end[0] = System.nanoTime();
			sampling.set(false);
			end[1] = liveHeap();
		});
		sampling.set(false);
		sampler.join();
		if (items != count) {
			throw new IllegalStateException("Expected " + count + " records but received " + items + ".");
		}
		return new StreamRun(items, StreamItem.bytes(items), end[0] - start, heapStart, end[1], peak.get());
	}

	private static long liveHeap() {
		System.gc();
		return MEMORY.getHeapMemoryUsage().getUsed();
	}

	double itemsPerSecond() {
		return this.items / (this.nanos / 1e9);
	}

	double megabytesPerSecond() {
		return this.bytes / 1e6 / (this.nanos / 1e9);
	}

}
