package dev.pipeipc.transport;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * One client connection, as a transport exposes it: an ordered, reliable byte stream in each
 * direction. Writes may come from any thread; the transport keeps each write's bytes together.
 */
public interface PipeConnection {

	/**
	 * Identifier of this connection, unique within its server's lifetime.
	 * @return the connection id
	 */
	long id();

	/**
	 * What the operating system tells about the process at the other end.
	 * @return the peer, or {@code null} if the platform does not say
	 */
	@Nullable PipePeer peer();

	/**
	 * Queue bytes for the peer. Never blocks: what the socket does not take at once is sent when
	 * the peer reads.
	 * @param buffers the bytes to send, written in order as one unit
	 */
	void write(ByteBuffer... buffers);

	/**
	 * How many bytes written to this connection wait for the peer to read them, so that a sender
	 * of messages that may be left out (progress) can hold back rather than queue without bound.
	 * @return the bytes queued but not yet taken by the peer; {@code 0} where the transport does not
	 * tell
	 */
	default long queuedBytes() {
		return 0;
	}

	/**
	 * Stop or resume reading from the peer, for back-pressure. Reasons are counted separately, so
	 * reading resumes only when every reason is lifted.
	 * @param paused whether to pause
	 */
	void pauseReading(boolean paused);

	/**
	 * Close the connection after sending what is already queued.
	 */
	void closeAfterWrites();

	/**
	 * Close the connection at once, dropping queued bytes.
	 */
	void close();

	/**
	 * Run a task on the calling I/O thread, if this transport can hand its I/O over to another
	 * thread should the task take long. Handling a short request where its bytes were read saves
	 * the hand-off to a worker, which costs more than the work itself for small messages.
	 * @param task the work for one message
	 * @return {@code true} if the task ran; {@code false} if the caller must dispatch it
	 */
	default boolean executeInline(Runnable task) {
		return false;
	}

	/**
	 * Whether the connection is still open.
	 * @return {@code true} until closed by either side
	 */
	boolean isOpen();

}
