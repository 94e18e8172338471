package dev.pipeipc.client;

import org.jspecify.annotations.Nullable;

/**
 * A call could not be completed for a reason on the client's side of the pipe: no server, a
 * broken connection, a timeout. Errors the server answers with are
 * {@link dev.pipeipc.jsonrpc.JsonRpcException}s instead.
 */
public class PipeClientException extends RuntimeException {

	/**
	 * Create a new exception.
	 * @param message what happened, naming the pipe
	 * @param cause the cause, if any
	 */
	public PipeClientException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * Create a new exception.
	 * @param message what happened, naming the pipe
	 */
	public PipeClientException(String message) {
		super(message);
	}

}
