package dev.pipeipc.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.FrameDecoder;
import dev.pipeipc.codec.FrameError;
import dev.pipeipc.codec.FrameSink;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.ClientChannel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link ClientChannel} in memory, speaking {@code content-length} framing: the test pushes what
 * the server would send and reads what the client wrote, one message at a time. No socket, no
 * server: every byte is the test's choice.
 */
class FakeClientChannel implements ClientChannel {

	private static final Object END = new Object();

	private final BlockingQueue<Object> incoming = new LinkedBlockingQueue<>();

	private final BlockingQueue<String> written = new LinkedBlockingQueue<>();

	private final FrameDecoder writtenDecoder = Framing.CONTENT_LENGTH.newDecoder(Integer.MAX_VALUE);

	private final List<Consumer<String>> writeObservers = new CopyOnWriteArrayList<>();

	final CountDownLatch closed = new CountDownLatch(1);

	volatile CountDownLatch closeGate = new CountDownLatch(0);

	volatile @Nullable IOException writeFailure;

	/**
	 * Send a message to the client, framed.
	 */
	void push(String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		for (ByteBuffer buffer : Framing.CONTENT_LENGTH.encode(body)) {
			this.incoming.add(buffer);
		}
	}

	/**
	 * Send raw bytes to the client, as one read.
	 */
	void pushBytes(byte[] bytes) {
		this.incoming.add(ByteBuffer.wrap(bytes));
	}

	/**
	 * Close the server's end: the client's next read sees the end of the stream.
	 */
	void end() {
		this.incoming.add(END);
	}

	/**
	 * Break the connection: the client's next read fails.
	 */
	void breakWith(IOException failure) {
		this.incoming.add(failure);
	}

	/**
	 * The next message the client wrote.
	 */
	String nextWritten() throws InterruptedException {
		String message = this.written.poll(10, TimeUnit.SECONDS);
		assertThat(message).as("a message written by the client").isNotNull();
		return message;
	}

	/**
	 * Whether the client wrote nothing more so far.
	 */
	boolean nothingWritten() {
		return this.written.isEmpty();
	}

	/**
	 * Run something as each message is written, on the writing thread, before the write returns.
	 */
	void onWrite(Consumer<String> observer) {
		this.writeObservers.add(observer);
	}

	@Override
	public @Nullable ByteBuffer read() throws IOException {
		Object next;
		try {
			next = this.incoming.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		if (next == END) {
			this.incoming.add(END);
			return null;
		}
		if (next instanceof IOException failure) {
			throw failure;
		}
		return (ByteBuffer) next;
	}

	@Override
	public synchronized void write(ByteBuffer[] buffers) throws IOException {
		IOException failure = this.writeFailure;
		if (failure != null) {
			throw failure;
		}
		for (ByteBuffer buffer : buffers) {
			this.writtenDecoder.decode(buffer, new FrameSink() {

				@Override
				public void onFrame(byte[] message) {
					String json = new String(message, StandardCharsets.UTF_8);
					FakeClientChannel.this.writeObservers.forEach((observer) -> observer.accept(json));
					FakeClientChannel.this.written.add(json);
				}

				@Override
				public void onFrameError(FrameError error) {
					throw new IllegalStateException(error.message());
				}

			});
		}
	}

	@Override
	public void close() {
		try {
			this.closeGate.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.closed.countDown();
		end();
	}

}
