package dev.pipeipc.server.jsonrpc.validation;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.method.MethodValidationResult;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;

/**
 * The arguments of a handler broke its Bean Validation constraints: answered with
 * {@value JsonRpcErrorCodes#INVALID_PARAMS} and, in {@code data}, the method and one entry per
 * violation ({@code path}, {@code message}, and {@code invalidValue} unless it is hidden). An
 * {@code @PipeExceptionHandler} for this type can answer differently, with the full
 * {@link #getValidationResult() validation result} at hand.
 */
public class PipeArgumentsNotValidException extends JsonRpcException {

	private final transient MethodValidationResult validationResult;

	private final transient List<Map<String, @Nullable Object>> violations;

	PipeArgumentsNotValidException(String method, MethodValidationResult validationResult,
			List<Map<String, @Nullable Object>> violations) {
		super(JsonRpcErrorCodes.INVALID_PARAMS, "Params of method '" + method + "' are not valid",
				Map.of("method", method, "violations", violations));
		this.validationResult = validationResult;
		this.violations = violations;
	}

	/**
	 * Spring's result of the method validation.
	 * @return the validation result
	 */
	public MethodValidationResult getValidationResult() {
		return this.validationResult;
	}

	/**
	 * The violations as they are sent: {@code path}, {@code message} and, unless hidden,
	 * {@code invalidValue}.
	 * @return the violations
	 */
	public List<Map<String, @Nullable Object>> getViolations() {
		return this.violations;
	}

}
