package dev.pipeipc.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.pipeipc.codec.FrameError;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipePeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link ServerConnection} without a socket: bytes in through {@code onData}, a recording
 * connection and a protocol whose replies the test completes. Handling runs on the calling
 * thread, so every step is deterministic.
 */
class ServerConnectionTests {

	private final RecordingConnection connection = new RecordingConnection();

	private final HeldProtocol protocol = new HeldProtocol();

	private final ServerWorkers workers = new ServerWorkers(new CallerRunsExecutorService(), false);

	private final Set<ServerSession> sessions = ConcurrentHashMap.newKeySet();

	private final ServerConnection served = new ServerConnection(this.connection,
			new PipeServerSettings("unit", "/run/unit.sock", Framing.CONTENT_LENGTH, 1024, -1, null, 1, false, 2),
			this.protocol, this.workers, this.sessions);

	private void receive(String... bodies) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (String body : bodies) {
			bytes.writeBytes(frame(body));
		}
		this.served.onData(ByteBuffer.wrap(bytes.toByteArray()));
	}

	private static byte[] frame(String body) {
		byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes(("Content-Length: " + utf8.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		bytes.writeBytes(utf8);
		return bytes.toByteArray();
	}

	@Test
	void joinsTheServersSessionsUntilClosed() {
		assertThat(this.sessions).hasSize(1);
		this.served.onClosed();
		assertThat(this.sessions).isEmpty();
		assertThat(this.protocol.closed).isTrue();
	}

	@Test
	void messagesOfOneReadAreHandledInOrderAndRepliesAreFramed() {
		receive("first", "second");
		assertThat(this.protocol.handled).containsExactly("first", "second");
		this.protocol.replies.get(1).complete("re: second".getBytes(StandardCharsets.UTF_8));
		this.protocol.replies.get(0).complete("re: first".getBytes(StandardCharsets.UTF_8));
		assertThat(this.connection.written()).isEqualTo("Content-Length: 10\r\n\r\nre: second"
				+ "Content-Length: 9\r\n\r\nre: first");
		assertThat(this.workers.inProgress()).isZero();
	}

	@Test
	void readingPausesAtTheLimitOfRequestsInProgressAndResumesBelowIt() {
		receive("one");
		assertThat(this.connection.pauses).isEmpty();
		receive("two");
		assertThat(this.connection.pauses).containsExactly(true);
		this.protocol.replies.get(0).complete(null);
		assertThat(this.connection.pauses).containsExactly(true, false);
	}

	@Test
	void idleOnlyWithoutRequestsInProgress() {
		receive("one");
		long later = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
		assertThat(this.served.isIdle(later, 1)).isFalse();
		this.protocol.replies.get(0).complete(null);
		assertThat(this.served.isIdle(later, 1)).isTrue();
	}

	@Test
	void inputClosedClosesOnceTheRepliesOwedAreWritten() {
		receive("one");
		this.served.onInputClosed();
		assertThat(this.connection.closedAfterWrites).isFalse();
		this.protocol.replies.get(0).complete("done".getBytes(StandardCharsets.UTF_8));
		assertThat(this.connection.closedAfterWrites).isTrue();
		assertThat(this.connection.written()).endsWith("done");
	}

	@Test
	void fatalFrameErrorIsReportedAndClosesAfterTheRequestInProgress() {
		receive("one");
		this.served.onData(ByteBuffer.wrap("Content-Length: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
		assertThat(this.protocol.frameErrors).singleElement().satisfies((error) -> assertThat(error.fatal()).isTrue());
		assertThat(this.connection.written()).startsWith("Content-Length: ").contains("frame error");
		assertThat(this.connection.pauses).as("reads nothing more").containsExactly(true);
		assertThat(this.connection.closedAfterWrites).isFalse();
		this.protocol.replies.get(0).complete(null);
		assertThat(this.connection.closedAfterWrites).isTrue();
	}

	@Test
	void frameErrorThatIsNotFatalKeepsTheConnectionReading() {
		this.served.onMessageTooLong(4096);
		assertThat(this.protocol.frameErrors).singleElement()
			.satisfies((error) -> assertThat(error.kind()).isEqualTo(FrameError.Kind.TOO_LONG));
		assertThat(this.connection.pauses).isEmpty();
		receive("after");
		assertThat(this.protocol.handled).containsExactly("after");
	}

	@Test
	void messagesArrivingWhileTheServerDrainsAreRefused() {
		this.workers.drain();
		receive("late");
		assertThat(this.protocol.handled).isEmpty();
		assertThat(this.protocol.refused).containsExactly("late: Pipe 'unit' is shutting down");
	}

	@Test
	void urgentMessageIsHandledInlineAndNeverCountedAsARequest() {
		receive("urgent");
		assertThat(this.protocol.handled).isEmpty();
		assertThat(this.workers.inProgress()).isZero();
	}

	@Test
	void handlerThatThrowsClosesTheConnection() {
		assertThatIllegalStateException().isThrownBy(() -> receive("throw")).withMessage("handler failed");
		assertThat(this.connection.closedAfterWrites).isTrue();
		assertThat(this.workers.inProgress()).isZero();
	}

	@Test
	void pushedNotificationIsFramedAndWritten() {
		this.sessions.iterator().next().notify("ping", null);
		assertThat(this.connection.written()).isEqualTo("Content-Length: 12\r\n\r\nnotify: ping");
	}

	/**
	 * Holds each message's reply for the test to complete.
	 */
	static final class HeldProtocol implements PipeProtocol {

		final List<String> handled = new CopyOnWriteArrayList<>();

		final List<Reply> replies = new CopyOnWriteArrayList<>();

		final List<String> refused = new CopyOnWriteArrayList<>();

		final List<FrameError> frameErrors = new CopyOnWriteArrayList<>();

		volatile boolean closed;

		@Override
		public SessionHandler open(PipeSession session) {
			return new SessionHandler() {

				@Override
				public boolean handleInline(byte[] message) {
					return "urgent".equals(text(message));
				}

				@Override
				public void handle(byte[] message, Reply reply) {
					if ("throw".equals(text(message))) {
						throw new IllegalStateException("handler failed");
					}
					HeldProtocol.this.handled.add(text(message));
					HeldProtocol.this.replies.add(reply);
				}

				@Override
				public void refuse(byte[] message, String reason, Reply reply) {
					HeldProtocol.this.refused.add(text(message) + ": " + reason);
					reply.complete(null);
				}

				@Override
				public void closed() {
					HeldProtocol.this.closed = true;
				}

			};
		}

		@Override
		public byte[] notification(String method, @Nullable Object params) {
			return ("notify: " + method).getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public byte @Nullable [] frameErrorReply(FrameError error) {
			this.frameErrors.add(error);
			return "frame error".getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public byte @Nullable [] refusalReply(String reason) {
			return null;
		}

		private static String text(byte[] message) {
			return new String(message, StandardCharsets.UTF_8);
		}

	}

	/**
	 * A connection that records what the server asks of it.
	 */
	static final class RecordingConnection implements PipeConnection {

		final List<Boolean> pauses = new CopyOnWriteArrayList<>();

		private final ByteArrayOutputStream written = new ByteArrayOutputStream();

		volatile boolean closedAfterWrites;

		volatile boolean open = true;

		String written() {
			synchronized (this.written) {
				return this.written.toString(StandardCharsets.UTF_8);
			}
		}

		@Override
		public long id() {
			return 1;
		}

		@Override
		public @Nullable PipePeer peer() {
			return null;
		}

		@Override
		public void write(ByteBuffer... buffers) {
			synchronized (this.written) {
				for (ByteBuffer buffer : buffers) {
					byte[] bytes = new byte[buffer.remaining()];
					buffer.get(bytes);
					this.written.writeBytes(bytes);
				}
			}
		}

		@Override
		public void pauseReading(boolean paused) {
			this.pauses.add(paused);
		}

		@Override
		public void closeAfterWrites() {
			this.closedAfterWrites = true;
		}

		@Override
		public void close() {
			this.open = false;
		}

		@Override
		public boolean isOpen() {
			return this.open;
		}

	}

	/**
	 * Runs each task on the calling thread.
	 */
	static final class CallerRunsExecutorService extends AbstractExecutorService {

		private volatile boolean shutdown;

		@Override
		public void execute(Runnable command) {
			command.run();
		}

		@Override
		public void shutdown() {
			this.shutdown = true;
		}

		@Override
		public List<Runnable> shutdownNow() {
			this.shutdown = true;
			return new ArrayList<>();
		}

		@Override
		public boolean isShutdown() {
			return this.shutdown;
		}

		@Override
		public boolean isTerminated() {
			return this.shutdown;
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) {
			return true;
		}

	}

}
