package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;

/**
 * What a connection has still to write to its non-blocking socket. A writer first tries the
 * socket directly on its own thread, so a reply usually leaves without a thread hand-off; only
 * what the socket does not take at once is queued, and the selector loop flushes it when the peer
 * reads. Once {@linkplain #closeAfterWrites() closing}, new writes are refused and the connection
 * closes when the queue is drained.
 * <p>
 * Heap buffers are written in slices of at most {@value #MAX_WRITE_SIZE} bytes: the JDK copies a
 * heap buffer's whole remainder into a temporary direct buffer on every write, while a
 * non-blocking socket takes only what fits its send buffer, so unbounded, a 16 MiB reply would be
 * copied dozens of times.
 * <p>
 * Not thread-safe: the connection guards it with its own lock.
 */
final class OutboundQueue {

	/** Queued bytes above which the connection stops reading from a peer that does not read. */
	static final int HIGH_WATER_MARK = 4 * 1024 * 1024;

	/** Largest slice of a heap buffer handed to one socket write. */
	static final int MAX_WRITE_SIZE = 256 * 1024;

	private final GatheringByteChannel channel;

	private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();

	private long pendingBytes;

	private boolean closing;

	OutboundQueue(GatheringByteChannel channel) {
		this.channel = channel;
	}

	/**
	 * Write what the socket takes now, when nothing is queued before it, and queue the rest.
	 * @param buffers the buffers of one message, in order; the queue keeps those not fully written
	 * @return whether bytes were queued, so the selector loop must flush them
	 * @throws IOException if the socket failed; nothing is queued then
	 */
	boolean write(ByteBuffer[] buffers) throws IOException {
		if (this.pending.isEmpty()) {
			writeDirect(buffers);
		}
		boolean queued = false;
		for (ByteBuffer buffer : buffers) {
			if (buffer.hasRemaining()) {
				this.pending.add(buffer);
				this.pendingBytes += buffer.remaining();
				queued = true;
			}
		}
		return queued;
	}

	private void writeDirect(ByteBuffer[] buffers) throws IOException {
		long remaining = 0;
		for (ByteBuffer buffer : buffers) {
			remaining += buffer.remaining();
		}
		if (remaining <= MAX_WRITE_SIZE) {
			while (remaining > 0) {
				long written = this.channel.write(buffers);
				if (written == 0) {
					return;
				}
				remaining -= written;
			}
			return;
		}
		for (ByteBuffer buffer : buffers) {
			while (buffer.hasRemaining()) {
				if (writeSlice(buffer) == 0) {
					return;
				}
			}
		}
	}

	/**
	 * Write queued bytes until the queue is empty or the socket is full; runs on the loop thread.
	 * @throws IOException if the socket failed
	 */
	void flush() throws IOException {
		while (!this.pending.isEmpty()) {
			ByteBuffer head = this.pending.element();
			int written = writeSlice(head);
			this.pendingBytes -= written;
			if (head.hasRemaining()) {
				if (written < MAX_WRITE_SIZE) {
					// The socket is full: wait until the peer reads.
					return;
				}
				continue;
			}
			this.pending.remove();
		}
	}

	private int writeSlice(ByteBuffer buffer) throws IOException {
		return writeSlice(this.channel, buffer);
	}

	/**
	 * Write at most {@link #MAX_WRITE_SIZE} bytes of a heap buffer (a direct one whole): the JDK
	 * copies all that is left of a heap buffer into a temporary direct one on every write, of
	 * which a socket takes a few hundred KiB, so a large buffer written whole is copied again and
	 * again. The client's channel writes its large frames this way too.
	 * @param channel the socket
	 * @param buffer what to write from
	 * @return the bytes written
	 * @throws IOException if the socket failed
	 */
	static int writeSlice(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
		if (buffer.isDirect() || buffer.remaining() <= MAX_WRITE_SIZE) {
			return channel.write(buffer);
		}
		ByteBuffer window = buffer.duplicate();
		window.limit(buffer.position() + MAX_WRITE_SIZE);
		int written = channel.write(window);
		buffer.position(buffer.position() + written);
		return written;
	}

	boolean isEmpty() {
		return this.pending.isEmpty();
	}

	long pendingBytes() {
		return this.pendingBytes;
	}

	/**
	 * Whether so much waits for the peer that the connection should stop reading from it.
	 */
	boolean isOverHighWaterMark() {
		return this.pendingBytes > HIGH_WATER_MARK;
	}

	/**
	 * Refuse further writes; what is queued is still flushed.
	 */
	void closeAfterWrites() {
		this.closing = true;
	}

	boolean isClosing() {
		return this.closing;
	}

	/**
	 * Whether the queue is closing and everything queued has been written: time to end the output.
	 */
	boolean isDrainedForClose() {
		return this.closing && this.pending.isEmpty();
	}

	/**
	 * Drop what is queued: the socket is closed.
	 */
	void clear() {
		this.pending.clear();
		this.pendingBytes = 0;
	}

}
