package dev.pipeipc.client;

/**
 * The server did not answer within the request timeout. The client sends {@code $/cancelRequest}
 * so the server can stop working on it.
 */
public class PipeTimeoutException extends PipeClientException {

	/**
	 * Create a new exception.
	 * @param message what timed out, naming the method and pipe
	 */
	public PipeTimeoutException(String message) {
		super(message);
	}

}
