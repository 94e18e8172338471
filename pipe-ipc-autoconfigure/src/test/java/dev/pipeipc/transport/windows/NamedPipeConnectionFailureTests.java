package dev.pipeipc.transport.windows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipeListenOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the reader thread of a Win32 pipe connection does when handing on what it read throws an
 * {@link Error}: like the Unix I/O threads, it closes that connection, tells the listener (which
 * marks the server failed), and hands the instance back, instead of ending silently with the
 * error unreported. Driven with an in-memory {@link NamedPipeApi}: no pipe is needed to show what
 * the thread does with what its handler throws.
 */
class NamedPipeConnectionFailureTests {

	@Test
	void errorFromTheHandlerClosesTheConnectionAndIsReportedToTheListener() throws Exception {
		OneMessageApi api = new OneMessageApi();
		CompletableFuture<Throwable> reported = new CompletableFuture<>();
		CompletableFuture<NamedPipeConnection> released = new CompletableFuture<>();
		PipeListenOptions options = new PipeListenOptions("failing", "\\\\.\\pipe\\failing", -1, null, true, 1024);
		NamedPipeConnection connection = new NamedPipeConnection(1, 7, api, options, 4096, released::complete,
				(failed, failure) -> reported.complete(failure), null);
		RecordingHandler handler = new RecordingHandler();
		connection.start(handler);

		Throwable failure = reported.get(10, TimeUnit.SECONDS);
		assertThat(failure).isInstanceOf(StackOverflowError.class);
		assertThat(released.get(10, TimeUnit.SECONDS)).isSameAs(connection);
		assertThat(connection.isOpen()).isFalse();
		assertThat(handler.closed.await(10, TimeUnit.SECONDS)).as("the handler was told the connection closed")
			.isTrue();
		assertThat(api.disconnected).as("the instance was disconnected").isTrue();
	}

	private static final class RecordingHandler implements PipeConnectionHandler {

		final CountDownLatch closed = new CountDownLatch(1);

		@Override
		public void onData(ByteBuffer data) {
			throw new StackOverflowError("handler recursed on " + StandardCharsets.UTF_8.decode(data));
		}

		@Override
		public void onInputClosed() {
		}

		@Override
		public void onClosed() {
			this.closed.countDown();
		}

		@Override
		public boolean isIdle(long nowNanos, long idleNanos) {
			return false;
		}

	}

	/**
	 * Answers the first read with one message, then waits in {@code read} until cancelled, as a
	 * pipe with nothing more to read does.
	 */
	private static final class OneMessageApi implements NamedPipeApi {

		private final CountDownLatch cancelled = new CountDownLatch(1);

		private boolean delivered;

		volatile boolean disconnected;

		@Override
		public long create(String name, boolean firstInstance, int maxInstances, int outBufferSize,
				int inBufferSize, @Nullable String sddl, boolean rejectRemoteClients) {
			return 7;
		}

		@Override
		public boolean connect(long handle) {
			return true;
		}

		@Override
		public synchronized ReadResult read(long handle, byte[] buffer, int offset, int length)
				throws NamedPipeException {
			if (!this.delivered) {
				this.delivered = true;
				byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
				System.arraycopy(message, 0, buffer, offset, message.length);
				return new ReadResult(message.length, false);
			}
			try {
				this.cancelled.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new NamedPipeException("ReadFile", ERROR_OPERATION_ABORTED);
		}

		@Override
		public void write(long handle, byte[] data, int offset, int length) {
		}

		@Override
		public void flush(long handle) {
		}

		@Override
		public void disconnect(long handle) {
			this.disconnected = true;
		}

		@Override
		public void cancel(long handle) {
			this.cancelled.countDown();
		}

		@Override
		public void close(long handle) {
		}

		@Override
		public long clientProcessId(long handle) {
			return -1;
		}

		@Override
		public @Nullable String clientUserName(long handle) {
			return null;
		}

		@Override
		public boolean exists(String name) {
			return false;
		}

	}

}
