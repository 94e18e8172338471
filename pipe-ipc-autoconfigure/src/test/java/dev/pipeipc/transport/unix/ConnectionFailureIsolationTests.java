package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipeListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * One I/O thread serves every connection, so a {@link Throwable} that ended it would leave a
 * server that accepts and never answers. Here a handler run inline on that thread throws a
 * {@link StackOverflowError} on one connection and an {@link OutOfMemoryError} on another (both
 * deliberately): each failing connection is closed, the listener is told, and the other
 * connections, old and new, are still echoed. The transport SPI is used directly, with an echo
 * handler and no server.
 */
class ConnectionFailureIsolationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	private final RecordingConnectionListener listener = new RecordingConnectionListener(EchoHandler::new);

	private PipeListener pipe;

	@AfterEach
	void close() {
		if (this.pipe != null) {
			this.pipe.close();
		}
	}

	@Test
	void stackOverflowAndOutOfMemoryOnOneConnectionCloseItAndTheLoopServesTheOthers() throws Exception {
		Path socket = this.directory.resolve("isolation.sock");
		this.pipe = new UnixSocketTransport(1).listen(new PipeListenOptions("isolation", socket.toString(), -1, null,
				false, 1024), this.listener);
		try (SocketChannel healthy = connect(socket);
				SocketChannel overflowing = connect(socket);
				SocketChannel exhausting = connect(socket)) {
			assertThat(exchange(healthy, "ping")).isEqualTo("ping");
			send(overflowing, EchoHandler.STACK_OVERFLOW);
			assertEndOfStream(overflowing);
			send(exhausting, EchoHandler.OUT_OF_MEMORY);
			assertEndOfStream(exhausting);
			assertThat(exchange(healthy, "still served")).isEqualTo("still served");
			try (SocketChannel late = connect(socket)) {
				assertThat(exchange(late, "new connection")).isEqualTo("new connection");
			}
		}
		assertThat(this.listener.failures()).satisfiesExactly((failure) -> {
			assertThat(failure.failure()).isInstanceOf(StackOverflowError.class);
			assertThat(failure.connection()).isNotNull();
		}, (failure) -> {
			assertThat(failure.failure()).isInstanceOf(OutOfMemoryError.class);
			assertThat(failure.connection()).isNotNull();
		});
		assertThat(this.listener.failures().get(0).connection().isOpen()).isFalse();
	}

	private static SocketChannel connect(Path socket) throws IOException {
		return SocketChannel.open(UnixDomainSocketAddress.of(socket));
	}

	private static void send(SocketChannel channel, String text) throws IOException {
		ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		while (out.hasRemaining()) {
			channel.write(out);
		}
	}

	private static String exchange(SocketChannel channel, String text) throws IOException {
		send(channel, text);
		ByteBuffer in = ByteBuffer.allocate(text.length());
		assertTimeoutPreemptively(TIMEOUT, () -> {
			while (in.hasRemaining()) {
				assertThat(channel.read(in)).as("bytes echoed").isNotNegative();
			}
		});
		return new String(in.array(), StandardCharsets.UTF_8);
	}

	private static void assertEndOfStream(SocketChannel channel) {
		ByteBuffer in = ByteBuffer.allocate(16);
		int n = assertTimeoutPreemptively(TIMEOUT, () -> channel.read(in));
		assertThat(n).as("read after the server closed the failing connection").isEqualTo(-1);
	}

	/**
	 * Echoes each read back, running on the loop's thread (inline) where it may; two messages make
	 * it throw an {@link Error} instead, as a runaway handler would.
	 */
	private static final class EchoHandler implements PipeConnectionHandler {

		static final String STACK_OVERFLOW = "overflow the stack";

		static final String OUT_OF_MEMORY = "run out of memory";

		private final PipeConnection connection;

		EchoHandler(PipeConnection connection) {
			this.connection = connection;
		}

		@Override
		public void onData(ByteBuffer data) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			Runnable handling = () -> handle(bytes);
			if (!this.connection.executeInline(handling)) {
				handling.run();
			}
		}

		private void handle(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.UTF_8);
			if (text.equals(STACK_OVERFLOW)) {
				throw new StackOverflowError("Deliberate, from the handler of " + this.connection);
			}
			if (text.equals(OUT_OF_MEMORY)) {
				throw new OutOfMemoryError("Deliberate, from the handler of " + this.connection);
			}
			this.connection.write(ByteBuffer.wrap(bytes));
		}

		@Override
		public void onInputClosed() {
			this.connection.closeAfterWrites();
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
