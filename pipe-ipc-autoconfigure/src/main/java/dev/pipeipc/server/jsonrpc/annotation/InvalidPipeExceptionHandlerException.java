package dev.pipeipc.server.jsonrpc.annotation;

/**
 * Thrown when a server starts and a {@code @PipeExceptionHandler} method cannot be used: two methods
 * of one bean handle the same exception type, or a method takes or returns what an exception
 * handler cannot. Failing at startup replaces an exception that would be answered by chance.
 */
public class InvalidPipeExceptionHandlerException extends IllegalStateException {

	private final String action;

	InvalidPipeExceptionHandlerException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * What to change.
	 * @return a sentence
	 */
	public String getAction() {
		return this.action;
	}

}
