package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The outbound queue against a recording channel that takes as many bytes per write as a test
 * scripts, standing in for a socket whose peer reads slowly or not at all.
 */
class OutboundQueueTests {

	private final RecordingSocketChannel channel = new RecordingSocketChannel();

	private final OutboundQueue queue = new OutboundQueue(this.channel);

	@Test
	void messageTheSocketTakesWholeLeavesInOneGatheringWriteAndQueuesNothing() throws IOException {
		assertThat(this.queue.write(buffers("Content-Length: 2\r\n\r\n", "{}"))).isFalse();
		assertThat(this.queue.isEmpty()).isTrue();
		assertThat(this.channel.offered()).containsExactly(23L);
		assertThat(text(this.channel.written())).isEqualTo("Content-Length: 2\r\n\r\n{}");
	}

	@Test
	void whatTheSocketDoesNotTakeIsQueuedAndLaterWritesWaitBehindIt() throws IOException {
		this.channel.take(4).full();
		assertThat(this.queue.write(buffers("head", "body"))).isTrue();
		assertThat(this.queue.pendingBytes()).isEqualTo(4);
		int callsBefore = this.channel.offered().size();
		assertThat(this.queue.write(buffers("next"))).isTrue();
		assertThat(this.channel.offered()).as("a write behind queued bytes must not try the socket")
			.hasSize(callsBefore);
		this.channel.drain();
		this.queue.flush();
		assertThat(text(this.channel.written())).isEqualTo("headbodynext");
		assertThat(this.queue.isEmpty()).isTrue();
		assertThat(this.queue.pendingBytes()).isZero();
	}

	@Test
	void flushStopsWhileTheSocketIsFullAndKeepsTheRest() throws IOException {
		this.channel.take(0).full();
		this.queue.write(buffers("abcdef"));
		this.channel.take(2);
		this.queue.flush();
		assertThat(text(this.channel.written())).isEqualTo("ab");
		assertThat(this.queue.pendingBytes()).isEqualTo(4);
		assertThat(this.queue.isEmpty()).isFalse();
	}

	@Test
	void largeHeapBufferIsOfferedInSlicesOfAtMost256KiB() throws IOException {
		byte[] body = new byte[OutboundQueue.MAX_WRITE_SIZE * 3 + 17];
		Arrays.fill(body, (byte) 'x');
		assertThat(this.queue.write(new ByteBuffer[] { ByteBuffer.wrap(body) })).isFalse();
		assertThat(this.channel.offered()).containsExactly((long) OutboundQueue.MAX_WRITE_SIZE,
				(long) OutboundQueue.MAX_WRITE_SIZE, (long) OutboundQueue.MAX_WRITE_SIZE, 17L);
		assertThat(this.channel.written()).isEqualTo(body);
	}

	@Test
	void queuedHeapBufferIsFlushedInSlicesUntilTheSocketTakesLessThanASlice() throws IOException {
		this.channel.take(0).full();
		byte[] body = new byte[OutboundQueue.MAX_WRITE_SIZE * 4];
		this.queue.write(new ByteBuffer[] { ByteBuffer.wrap(body) });
		this.channel.take(OutboundQueue.MAX_WRITE_SIZE, OutboundQueue.MAX_WRITE_SIZE, 100);
		this.queue.flush();
		assertThat(this.channel.offered()).as("the direct try, then the flush's slices")
			.containsExactly((long) OutboundQueue.MAX_WRITE_SIZE, (long) OutboundQueue.MAX_WRITE_SIZE,
					(long) OutboundQueue.MAX_WRITE_SIZE, (long) OutboundQueue.MAX_WRITE_SIZE);
		assertThat(this.queue.pendingBytes()).isEqualTo(body.length - 2L * OutboundQueue.MAX_WRITE_SIZE - 100);
	}

	@Test
	void directBufferIsOfferedWhole() throws IOException {
		ByteBuffer direct = ByteBuffer.allocateDirect(OutboundQueue.MAX_WRITE_SIZE * 2);
		this.queue.write(new ByteBuffer[] { direct });
		assertThat(this.channel.offered()).containsExactly((long) OutboundQueue.MAX_WRITE_SIZE * 2);
	}

	@Test
	void queueOverTheHighWaterMarkAsksToPauseReadingUntilFlushedBelowIt() throws IOException {
		this.channel.take(0).full();
		this.queue.write(new ByteBuffer[] { ByteBuffer.allocate(OutboundQueue.HIGH_WATER_MARK) });
		assertThat(this.queue.isOverHighWaterMark()).isFalse();
		this.queue.write(buffers("!"));
		assertThat(this.queue.isOverHighWaterMark()).isTrue();
		this.channel.take(OutboundQueue.MAX_WRITE_SIZE);
		this.queue.flush();
		assertThat(this.queue.isOverHighWaterMark()).isFalse();
		assertThat(this.queue.isEmpty()).isFalse();
	}

	@Test
	void closingQueueIsDrainedForCloseOnlyOnceEverythingQueuedIsWritten() throws IOException {
		this.channel.take(1).full();
		this.queue.write(buffers("bye"));
		this.queue.closeAfterWrites();
		assertThat(this.queue.isClosing()).isTrue();
		assertThat(this.queue.isDrainedForClose()).isFalse();
		this.channel.drain();
		this.queue.flush();
		assertThat(this.queue.isDrainedForClose()).isTrue();
		assertThat(text(this.channel.written())).isEqualTo("bye");
	}

	@Test
	void openQueueIsNeverDrainedForClose() {
		assertThat(this.queue.isEmpty()).isTrue();
		assertThat(this.queue.isDrainedForClose()).isFalse();
	}

	@Test
	void failingSocketQueuesNothing() {
		this.channel.failing();
		assertThatIOException().isThrownBy(() -> this.queue.write(buffers("lost"))).withMessage("Broken pipe");
		assertThat(this.queue.isEmpty()).isTrue();
		assertThat(this.queue.pendingBytes()).isZero();
	}

	@Test
	void clearDropsWhatIsQueued() throws IOException {
		this.channel.full();
		this.queue.write(buffers("never sent"));
		this.queue.clear();
		assertThat(this.queue.isEmpty()).isTrue();
		assertThat(this.queue.pendingBytes()).isZero();
	}

	private static ByteBuffer[] buffers(String... parts) {
		return Arrays.stream(parts)
			.map((part) -> ByteBuffer.wrap(part.getBytes(StandardCharsets.US_ASCII)))
			.toArray(ByteBuffer[]::new);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.US_ASCII);
	}

}
