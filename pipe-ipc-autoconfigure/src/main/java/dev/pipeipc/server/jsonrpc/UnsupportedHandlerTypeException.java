package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.config.PipeHandlerMethod;

/**
 * Thrown when a JSON-RPC server starts and one of its handler methods takes a parameter that
 * cannot be bound from JSON params, or returns a type that cannot be written as a JSON result.
 * Failing at startup replaces a handler that would fail every call.
 */
public class UnsupportedHandlerTypeException extends IllegalStateException {

	private final PipeHandlerMethod endpoint;

	private final @Nullable String parameterName;

	private final String typeName;

	private final String action;

	/**
	 * Create a new exception.
	 * @param endpoint the handler method
	 * @param parameterName the parameter's name, or {@code null} when the return type is unsupported
	 * @param typeName the declared type of the parameter or the return value
	 * @param reason why the type has no JSON form, a sentence
	 * @param action what to use instead, a sentence
	 */
	UnsupportedHandlerTypeException(PipeHandlerMethod endpoint, @Nullable String parameterName, String typeName,
			String reason, String action) {
		super(describe(endpoint, parameterName, typeName) + " " + reason);
		this.endpoint = endpoint;
		this.parameterName = parameterName;
		this.typeName = typeName;
		this.action = action;
	}

	private static String describe(PipeHandlerMethod endpoint, @Nullable String parameterName, String typeName) {
		String handler = "JSON-RPC handler " + endpoint.describe();
		if (parameterName != null) {
			return handler + " takes parameter '" + parameterName + "' of type " + typeName
					+ ", which cannot be bound from JSON params.";
		}
		return handler + " returns " + typeName + ", which cannot be written as a JSON result.";
	}

	/**
	 * The handler method with the unsupported type.
	 * @return the endpoint
	 */
	public PipeHandlerMethod getEndpoint() {
		return this.endpoint;
	}

	/**
	 * The parameter with the unsupported type.
	 * @return its name, or {@code null} when the return type is unsupported
	 */
	public @Nullable String getParameterName() {
		return this.parameterName;
	}

	/**
	 * The declared type that is unsupported, as written in the method's signature.
	 * @return the type's name
	 */
	public String getTypeName() {
		return this.typeName;
	}

	/**
	 * What to use instead of the unsupported type.
	 * @return a sentence
	 */
	public String getAction() {
		return this.action;
	}

}
