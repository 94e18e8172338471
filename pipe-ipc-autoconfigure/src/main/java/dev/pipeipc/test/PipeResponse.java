package dev.pipeipc.test;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a server answered to one call: a result, or an error.
 *
 * @param method the method called
 * @param result the result ({@code null} JSON is a null node), or {@code null} for an error
 * @param error the error, or {@code null} for a result
 */
public record PipeResponse(String method, @Nullable JsonNode result, @Nullable Error error) {

	/**
	 * Whether the server answered with a result.
	 * @return {@code true} for a result
	 */
	public boolean isSuccess() {
		return this.error == null;
	}

	@Override
	public String toString() {
		return (this.error != null) ? "'" + this.method + "' answered " + this.error
				: "'" + this.method + "' answered result " + this.result;
	}

	/**
	 * A JSON-RPC error response.
	 *
	 * @param code the error code
	 * @param message the error message
	 * @param data the error data, or {@code null} when there is none
	 */
	public record Error(int code, String message, @Nullable JsonNode data) {

		@Override
		public String toString() {
			return "error " + this.code + " '" + this.message + "'" + ((this.data != null) ? " with data " + this.data : "");
		}

	}

}
