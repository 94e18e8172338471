package dev.pipeipc.client;

/**
 * The connection closed or broke before the answer arrived; every call pending on it fails with
 * this at once.
 */
public class PipeClosedException extends PipeClientException {

	/**
	 * Create a new exception.
	 * @param message what happened, naming the pipe
	 */
	public PipeClosedException(String message) {
		super(message);
	}

	/**
	 * Create a new exception.
	 * @param message what happened, naming the pipe
	 * @param cause the failure that broke the connection
	 */
	public PipeClosedException(String message, Throwable cause) {
		super(message, cause);
	}

}
