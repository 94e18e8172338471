package dev.pipeipc.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * The client end of one pipe connection, as a pipe client needs it: blocking reads on the client's
 * reader thread while any thread writes.
 * <p>
 * A channel hands the reader what arrived in the unit its platform keeps: a Unix socket gives a
 * chunk of the byte stream, which a frame decoder cuts into messages; a Win32 pipe in message read
 * mode gives one whole message, reassembled from its {@code ERROR_MORE_DATA} parts inside the
 * channel, so the reader never sees a part of one.
 */
public interface ClientChannel extends AutoCloseable {

	/**
	 * Wait for what arrives next.
	 * @return the bytes, valid until the next read: a chunk of the stream, or one whole message on a
	 * channel that keeps message boundaries; {@code null} once the server closed the connection
	 * @throws IOException if the connection broke, or a message is over the channel's size limit
	 */
	@Nullable ByteBuffer read() throws IOException;

	/**
	 * Whether reading can be handed over between threads with {@link #awaitReadable(boolean)} and
	 * {@link #readAvailable()}: then a caller can read its own answer while the reader thread
	 * waits, rather than being woken by the reader thread, which costs two context switches per
	 * call.
	 * @return {@code false} unless the channel says otherwise; then only {@link #read()} is used
	 */
	default boolean canHandOverReading() {
		return false;
	}

	/**
	 * Wait until bytes or the end of the stream can be read, without reading them, or until
	 * {@link #wakeReaders()} is called or the thread is interrupted. The reader thread and one
	 * other thread may wait at the same time; which thread then reads is up to the caller.
	 * @param readerThread whether the reader thread waits, rather than the other thread
	 * @throws IOException if the channel is closed or broke
	 */
	default void awaitReadable(boolean readerThread) throws IOException {
		throw new UnsupportedOperationException("Reading cannot be handed over on " + this);
	}

	/**
	 * Read what has arrived, without waiting. Reads never overlap: whoever calls it makes sure of
	 * that.
	 * @return the bytes, valid until the next read, an empty buffer if none arrived, or
	 * {@code null} once the server closed the connection
	 * @throws IOException if the connection broke
	 */
	default @Nullable ByteBuffer readAvailable() throws IOException {
		throw new UnsupportedOperationException("Reading cannot be handed over on " + this);
	}

	/**
	 * Make every {@link #awaitReadable(boolean)} in progress return soon, or the next one if none
	 * is.
	 */
	default void wakeReaders() {
	}

	/**
	 * Write one framed message on the caller's thread; the buffers go out together (on Win32 pipes
	 * as one message), never interleaved with another caller's. Interrupting the caller must not
	 * close the channel, which every call shares, nor cut the frame short.
	 * @param buffers the frame
	 * @throws IOException if the connection broke
	 */
	void write(ByteBuffer[] buffers) throws IOException;

	@Override
	void close();

}
