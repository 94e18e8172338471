package dev.pipeipc.server.jsonrpc;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.config.PipeHandlerMethod;

/**
 * Checks a handler's arguments before it runs and its result before it is sent, such as Bean
 * Validation constraints. The auto-configuration provides one backed by Spring's
 * {@code MethodValidationAdapter} when the application has a {@code jakarta.validation.Validator}.
 */
public interface PipeHandlerValidator {

	/**
	 * Prepare the validation of one handler method when its server starts.
	 * @param handler the handler method
	 * @param parameterNames the name each parameter has in a params object
	 * @return the validation to run on each call, or {@code null} when the method declares nothing to
	 * check, so such handlers pay nothing
	 */
	@Nullable Validation prepare(PipeHandlerMethod handler, List<String> parameterNames);

	/**
	 * The validation of one handler method.
	 */
	interface Validation {

		/**
		 * Check the arguments before the handler runs.
		 * @param arguments the bound arguments
		 * @throws RuntimeException to refuse the call: a
		 * {@link dev.pipeipc.jsonrpc.JsonRpcException} (such as invalid params) is answered as it is
		 * unless an exception handler maps it
		 */
		void validateArguments(@Nullable Object[] arguments);

		/**
		 * Check the result before it is sent (the value a returned future completes with).
		 * @param result what the handler returned
		 * @throws RuntimeException to answer with an error instead of the result
		 */
		void validateResult(@Nullable Object result);

	}

}
