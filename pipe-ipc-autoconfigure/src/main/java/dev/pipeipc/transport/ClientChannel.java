package dev.pipeipc.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The client end of one pipe connection, as a pipe client needs it: blocking reads on
 * the client's reader thread while any thread writes.
 */
public interface ClientChannel extends AutoCloseable {

	/**
	 * Read what arrived.
	 * @param buffer where to put the bytes
	 * @return the number of bytes, or {@code -1} when the server closed the connection
	 * @throws IOException if the connection broke
	 */
	int read(ByteBuffer buffer) throws IOException;

	/**
	 * Whether the last {@link #read} ended in the middle of a pipe message (message read mode).
	 * @return {@code true} if more of the same message follows
	 */
	default boolean messageContinues() {
		return false;
	}

	/**
	 * Write one framed message; the buffers go out together (on Win32 pipes as one message).
	 * @param buffers the frame
	 * @throws IOException if the connection broke
	 */
	void write(ByteBuffer[] buffers) throws IOException;

	@Override
	void close();

}
