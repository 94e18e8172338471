package dev.pipeipc.client;

/**
 * No connection could be made within the connect timeout: no server listens on the pipe, or all
 * its instances stayed busy.
 */
public class PipeConnectException extends PipeClientException {

	/**
	 * Create a new exception.
	 * @param message what happened, naming the pipe
	 * @param cause the last failure
	 */
	public PipeConnectException(String message, Throwable cause) {
		super(message, cause);
	}

}
