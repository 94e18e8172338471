package dev.pipeipc.transport;

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

}
