package dev.pipeipc.transport;

/**
 * A bound pipe that accepts connections until closed.
 */
public interface PipeListener extends AutoCloseable {

	/**
	 * The address clients connect to, as they would write it (a socket path, or a
	 * {@code \\.\pipe\} name).
	 * @return the address
	 */
	String address();

	/**
	 * Stop accepting new connections. Open connections stay open so in-flight requests can finish.
	 */
	void stopAccepting();

	/**
	 * Close every connection and release the address (on Unix: delete the socket file if it is
	 * still this listener's).
	 */
	@Override
	void close();

}
