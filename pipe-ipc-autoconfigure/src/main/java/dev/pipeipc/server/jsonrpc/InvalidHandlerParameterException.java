package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a server starts and a handler parameter is declared in a way its argument resolver
 * cannot serve, such as {@code @PipeRequestId} on a type a request id cannot be. An argument
 * resolver throws it from {@link PipeHandlerArgumentResolver#supportsParameter}; the server adds
 * the handler's name, bean and method, and startup fails with a failure analysis.
 */
public class InvalidHandlerParameterException extends IllegalStateException {

	private final String action;

	/**
	 * Create a new exception.
	 * @param problem what is wrong with the parameter, a sentence naming it
	 * @param action what to change, a sentence
	 */
	public InvalidHandlerParameterException(String problem, String action) {
		this(problem, action, null);
	}

	private InvalidHandlerParameterException(String problem, String action,
			@Nullable InvalidHandlerParameterException cause) {
		super(problem, cause);
		this.action = action;
	}

	/**
	 * The same problem, said of one handler.
	 * @param handler the handler's description, as {@code PipeHandlerMethod.describe()} gives it
	 * @return a new exception naming the handler
	 */
	InvalidHandlerParameterException forHandler(String handler) {
		return new InvalidHandlerParameterException("JSON-RPC handler " + handler + " cannot be served: "
				+ getMessage(), this.action, this);
	}

	/**
	 * What to change.
	 * @return a sentence
	 */
	public String getAction() {
		return this.action;
	}

}
