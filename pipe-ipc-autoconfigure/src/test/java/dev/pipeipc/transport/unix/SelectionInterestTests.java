package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a connection reads and writes, driven through a real {@link OutboundQueue} over a
 * recording channel.
 */
class SelectionInterestTests {

	private final RecordingSocketChannel channel = new RecordingSocketChannel();

	private final OutboundQueue outbound = new OutboundQueue(this.channel);

	private final SelectionInterest interest = new SelectionInterest();

	@Test
	void connectionWithAHandlerAndNothingQueuedOnlyReads() {
		assertThat(this.interest.update(true, this.outbound)).isEqualTo(SelectionKey.OP_READ);
	}

	@Test
	void connectionWithoutAHandlerNeverReads() {
		assertThat(this.interest.update(false, this.outbound)).isZero();
	}

	@Test
	void queuedBytesAddWriteInterest() throws IOException {
		this.channel.full();
		this.outbound.write(new ByteBuffer[] { ByteBuffer.allocate(10) });
		assertThat(this.interest.update(true, this.outbound)).isEqualTo(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
	}

	@Test
	void readingResumesOnlyWhenEveryPauseIsLifted() {
		this.interest.pauseReading(true);
		this.interest.pauseReading(true);
		assertThat(this.interest.update(true, this.outbound)).isZero();
		this.interest.pauseReading(false);
		assertThat(this.interest.update(true, this.outbound)).isZero();
		this.interest.pauseReading(false);
		assertThat(this.interest.update(true, this.outbound)).isEqualTo(SelectionKey.OP_READ);
	}

	@Test
	void queueOverTheHighWaterMarkPausesReadingUntilFlushedBelowIt() throws IOException {
		this.channel.full();
		this.outbound.write(new ByteBuffer[] { ByteBuffer.allocate(OutboundQueue.HIGH_WATER_MARK + 1) });
		assertThat(this.interest.update(true, this.outbound)).isEqualTo(SelectionKey.OP_WRITE);
		assertThat(this.interest.update(true, this.outbound)).as("back-pressure counts once")
			.isEqualTo(SelectionKey.OP_WRITE);
		this.channel.drain();
		this.outbound.flush();
		assertThat(this.interest.update(true, this.outbound)).isEqualTo(SelectionKey.OP_READ);
	}

	@Test
	void backPressureAndAHandlerPauseAreCountedApart() throws IOException {
		this.channel.full();
		this.outbound.write(new ByteBuffer[] { ByteBuffer.allocate(OutboundQueue.HIGH_WATER_MARK + 1) });
		this.interest.update(true, this.outbound);
		this.interest.pauseReading(true);
		this.channel.drain();
		this.outbound.flush();
		assertThat(this.interest.update(true, this.outbound)).as("the handler's pause still holds").isZero();
		this.interest.pauseReading(false);
		assertThat(this.interest.update(true, this.outbound)).isEqualTo(SelectionKey.OP_READ);
	}

	@Test
	void closingConnectionStopsReadingButKeepsWriting() throws IOException {
		this.channel.full();
		this.outbound.write(new ByteBuffer[] { ByteBuffer.allocate(10) });
		this.outbound.closeAfterWrites();
		assertThat(this.interest.update(true, this.outbound)).isEqualTo(SelectionKey.OP_WRITE);
	}

}
