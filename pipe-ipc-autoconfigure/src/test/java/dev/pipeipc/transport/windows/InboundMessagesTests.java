package dev.pipeipc.transport.windows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipeListenOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InboundMessages} under message framing: parts of a message larger than a read are put
 * together, each part counted with the handler before it is held and all of them released before
 * the message (or the notice that it was too long) is handed on; a message that fits one read is
 * never held. Fed read results directly, no pipe.
 */
class InboundMessagesTests {

	private final RecordingHandler handler = new RecordingHandler();

	private InboundMessages messages(int maxMessageSize) {
		PipeListenOptions options = new PipeListenOptions("parts", "\\\\.\\pipe\\parts", -1, null, true, maxMessageSize);
		return new InboundMessages(options, 20, () -> this.handler);
	}

	private void read(InboundMessages messages, char fill, int count, boolean moreData) {
		Arrays.fill(messages.buffer, 0, count, (byte) fill);
		assertThat(messages.deliver(new NamedPipeApi.ReadResult(count, moreData))).isTrue();
	}

	@Test
	void partsAreCountedWhileHeldAndReleasedBeforeTheWholeMessageIsHandedOn() {
		InboundMessages messages = messages(100);
		read(messages, 'a', 10, true);
		read(messages, 'b', 10, true);
		read(messages, 'c', 5, false);
		assertThat(this.handler.events).containsExactly("hold 10", "hold 10", "hold 5", "release 25",
				"data aaaaaaaaaabbbbbbbbbbccccc");
	}

	@Test
	void aMessageThatFitsOneReadIsNeverHeld() {
		InboundMessages messages = messages(100);
		read(messages, 'x', 7, false);
		assertThat(this.handler.events).containsExactly("data xxxxxxx");
	}

	@Test
	void aMessageOverTheLimitReleasesWhatWasHeldAndIsReportedTooLong() {
		InboundMessages messages = messages(15);
		read(messages, 'a', 10, true);
		read(messages, 'b', 10, true);
		read(messages, 'c', 5, false);
		read(messages, 'd', 3, false);
		read(messages, 'e', 16, false);
		assertThat(this.handler.events).containsExactly("hold 10", "release 10", "too long 25", "data ddd",
				"too long 16");
	}

	private static final class RecordingHandler implements PipeConnectionHandler {

		final List<String> events = new ArrayList<>();

		@Override
		public void onData(ByteBuffer data) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.events.add("data " + new String(bytes));
		}

		@Override
		public void onMessageTooLong(long length) {
			this.events.add("too long " + length);
		}

		@Override
		public void holdingPartOfMessage(long bytes) {
			this.events.add("hold " + bytes);
		}

		@Override
		public void releasedPartsOfMessage(long bytes) {
			this.events.add("release " + bytes);
		}

		@Override
		public void onInputClosed() {
		}

		@Override
		public void onClosed() {
		}

		@Override
		public boolean isIdle(long nowNanos, long idleNanos) {
			return false;
		}

	}

}
