package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * The Unix client channel writes on its callers' threads: an interrupted caller must neither close
 * the channel the other calls share nor leave half a frame on it, and must get its interrupt back.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnixClientChannelTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** Larger than any socket's send and receive buffers together, so its writer must wait. */
	private static final int LARGE_FRAME = 8 * 1024 * 1024;

	@TempDir
	Path directory;

	private ServerSocketChannel server;

	private UnixClientChannel client;

	private SocketChannel peer;

	@BeforeEach
	void connect() throws IOException {
		Path socket = this.directory.resolve("channel.sock");
		this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.server.bind(UnixDomainSocketAddress.of(socket));
		this.client = UnixClientChannel.connect(socket);
		this.peer = this.server.accept();
	}

	@AfterEach
	void close() throws IOException {
		this.client.close();
		this.peer.close();
		this.server.close();
	}

	@Test
	void interruptedCallerWritesItsFrameKeepsItsInterruptAndLeavesTheChannelOpen() throws Exception {
		CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			Thread.currentThread().interrupt();
			try {
				this.client.write(frame("first;"));
				stillInterrupted.complete(Thread.currentThread().isInterrupted());
			}
			catch (IOException | RuntimeException ex) {
				stillInterrupted.completeExceptionally(ex);
			}
		});
		caller.start();
		assertThat(stillInterrupted.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		this.client.write(frame("second;"));
		assertThat(readFromPeer("first;second;".length())).isEqualTo("first;second;");
		this.peer.write(ByteBuffer.wrap("answer".getBytes(StandardCharsets.US_ASCII)));
		assertThat(readFromClient("answer".length())).isEqualTo("answer");
	}

	@Test
	void callerInterruptedWhileTheSendBufferIsFullFinishesItsFrameAndLeavesTheChannelOpen() throws Exception {
		byte[] large = new byte[LARGE_FRAME];
		Arrays.fill(large, (byte) 'L');
		CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			try {
				this.client.write(new ByteBuffer[] { ByteBuffer.wrap(large) });
				stillInterrupted.complete(Thread.currentThread().isInterrupted());
			}
			catch (IOException | RuntimeException ex) {
				stillInterrupted.completeExceptionally(ex);
			}
		});
		caller.start();
		await().atMost(WAIT).until(() -> isWaitingToWrite(caller));
		caller.interrupt();
		ByteBuffer received = ByteBuffer.allocate(LARGE_FRAME);
		while (received.hasRemaining()) {
			assertThat(this.peer.read(received)).isNotNegative();
		}
		assertThat(stillInterrupted.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(received.array()).containsOnly((byte) 'L');
		this.client.write(frame("after"));
		assertThat(readFromPeer("after".length())).isEqualTo("after");
		this.peer.write(ByteBuffer.wrap("open".getBytes(StandardCharsets.US_ASCII)));
		assertThat(readFromClient("open".length())).isEqualTo("open");
	}

	@Test
	void closingTheChannelFailsAWriterWaitingForTheSendBuffer() throws Exception {
		CompletableFuture<Void> written = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			try {
				this.client.write(new ByteBuffer[] { ByteBuffer.allocate(LARGE_FRAME) });
				written.complete(null);
			}
			catch (IOException | RuntimeException ex) {
				written.completeExceptionally(ex);
			}
		});
		caller.start();
		await().atMost(WAIT).until(() -> isWaitingToWrite(caller));
		this.client.close();
		await().atMost(WAIT).until(written::isDone);
		assertThat(written).isCompletedExceptionally();
		assertThatIOException().isThrownBy(() -> this.client.read());
	}

	@Test
	void readReturnsNullOnceThePeerClosed() throws IOException {
		this.peer.write(ByteBuffer.wrap("last".getBytes(StandardCharsets.US_ASCII)));
		assertThat(readFromClient("last".length())).isEqualTo("last");
		this.peer.close();
		assertThat(this.client.read()).isNull();
	}

	private static boolean isWaitingToWrite(Thread caller) {
		return Arrays.stream(caller.getStackTrace())
			.anyMatch((frame) -> frame.getMethodName().equals("awaitWritable"));
	}

	private static ByteBuffer[] frame(String text) {
		return new ByteBuffer[] { ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)) };
	}

	private String readFromPeer(int length) throws IOException {
		ByteBuffer received = ByteBuffer.allocate(length);
		while (received.hasRemaining()) {
			assertThat(this.peer.read(received)).isNotNegative();
		}
		return new String(received.array(), StandardCharsets.US_ASCII);
	}

	private String readFromClient(int length) throws IOException {
		StringBuilder received = new StringBuilder();
		while (received.length() < length) {
			ByteBuffer chunk = this.client.read();
			assertThat(chunk).isNotNull();
			received.append(StandardCharsets.US_ASCII.decode(chunk));
		}
		return received.toString();
	}

}
