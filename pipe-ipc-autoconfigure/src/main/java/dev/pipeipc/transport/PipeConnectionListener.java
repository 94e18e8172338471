package dev.pipeipc.transport;

import org.jspecify.annotations.Nullable;

/**
 * Told by a {@link PipeTransport} about connections. Implemented by the server, which attaches its
 * protocol to each connection.
 */
public interface PipeConnectionListener {

	/**
	 * A client connected.
	 * @param connection the new connection
	 * @return the handler that receives its bytes
	 */
	PipeConnectionHandler connected(PipeConnection connection);

	/**
	 * A client connected while the server already serves its maximum number of connections. The
	 * listener may write a short refusal; the transport closes the connection after it.
	 * @param connection the refused connection
	 */
	void refused(PipeConnection connection);

	/**
	 * Handling a connection, or an I/O thread's own work, threw. The transport has already closed
	 * that connection (if there is one) and goes on serving the others; it calls this for every
	 * {@link Throwable}, {@link Error}s included, so a server can tell an unrecoverable one (an
	 * {@link OutOfMemoryError} or another {@link VirtualMachineError}) and mark itself failed.
	 * Called on an I/O thread: must not block, and what it throws is logged and ignored.
	 * @param connection the connection that was closed, or {@code null} if the failure belongs to
	 * no single connection
	 * @param failure what was thrown
	 */
	default void failed(@Nullable PipeConnection connection, Throwable failure) {
	}

}
