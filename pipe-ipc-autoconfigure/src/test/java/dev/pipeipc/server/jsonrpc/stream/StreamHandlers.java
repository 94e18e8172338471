package dev.pipeipc.server.jsonrpc.stream;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.annotation.PipeStream;
import dev.pipeipc.jsonrpc.JsonRpcException;

/**
 * Handlers that return every kind of stream, and record what the server asked of them: demand,
 * cancels, and closed {@code Stream}s.
 */
class StreamHandlers {

	final AtomicLong requested = new AtomicLong();

	final AtomicInteger cancelled = new AtomicInteger();

	final AtomicInteger subscribed = new AtomicInteger();

	final AtomicInteger streamsClosed = new AtomicInteger();

	final CountDownLatch cancelLatch = new CountDownLatch(1);

	@PipeHandler("numbers.flux")
	Flux<Integer> flux(int count) {
		return Flux.range(0, count);
	}

	@PipeHandler("numbers.stream")
	Stream<Integer> stream(int count) {
		return IntStream.range(0, count).boxed().onClose(this.streamsClosed::incrementAndGet);
	}

	@PipeHandler("numbers.flow")
	Flow.Publisher<Integer> flow(int count) {
		return JdkFlowAdapter.publisherToFlowPublisher(Flux.range(0, count));
	}

	@PipeHandler("numbers.iterator")
	@PipeStream(minBatchSize = 3)
	Iterator<Integer> iterator(int count) {
		return IntStream.range(0, count).iterator();
	}

	@PipeHandler("numbers.list")
	@PipeStream
	List<String> list() {
		return List.of("a", "b", "c");
	}

	@PipeHandler("numbers.failing")
	Flux<Integer> failing() {
		return Flux.range(0, 3).concatWith(Flux.error(new JsonRpcException(1234, "Order 7 vanished")));
	}

	@PipeHandler("numbers.endless")
	Flux<Long> endless() {
		AtomicLong next = new AtomicLong();
		return Flux.<Long>generate((sink) -> sink.next(next.getAndIncrement()))
			.doOnSubscribe((subscription) -> this.subscribed.incrementAndGet())
			.doOnRequest(this.requested::addAndGet)
			.doOnCancel(() -> {
				this.cancelled.incrementAndGet();
				this.cancelLatch.countDown();
			});
	}

	@PipeHandler("numbers.endlessStream")
	Stream<Long> endlessStream() {
		return Stream.iterate(0L, (n) -> n + 1).onClose(this.streamsClosed::incrementAndGet);
	}

}
