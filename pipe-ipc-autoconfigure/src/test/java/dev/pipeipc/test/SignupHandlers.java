package dev.pipeipc.test;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeControllerAdvice;
import dev.pipeipc.annotation.PipeExceptionHandler;
import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcError;
import dev.pipeipc.server.jsonrpc.PipeHandlerArgumentResolver;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;

/**
 * Handlers that use validation, an advice and an argument resolver, for the {@code @PipeTest} of
 * those features; the advice and the resolver are the nested components.
 */
@Component
public class SignupHandlers {

	/** Error code of an unknown signup, answered by {@link SignupErrors}. */
	public static final int NO_SIGNUP = 2001;

	@PipeHandler("signup.create")
	public String create(@Valid Signup signup, Referrer referrer) {
		return signup.email() + " referred by " + referrer.name();
	}

	@PipeHandler("signup.get")
	public String get(long id) {
		throw new NoSignupException(id);
	}

	/**
	 * A new signup.
	 * @param email the address, not blank
	 */
	public record Signup(@NotBlank(message = "needs an email") String email) {
	}

	/**
	 * Who referred the caller: the session, never a param.
	 * @param name the referrer's name
	 */
	public record Referrer(String name) {
	}

	static class NoSignupException extends RuntimeException {

		final long id;

		NoSignupException(long id) {
			super("No signup " + id);
			this.id = id;
		}

	}

	@PipeControllerAdvice(assignableTypes = SignupHandlers.class)
	static class SignupErrors {

		@PipeExceptionHandler
		JsonRpcError noSignup(NoSignupException ex) {
			return new JsonRpcError(NO_SIGNUP, "No signup " + ex.id, java.util.Map.of("id", ex.id));
		}

	}

	@Component
	static class ReferrerArgumentResolver implements PipeHandlerArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == Referrer.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
			return new Referrer("session " + request.session().id());
		}

	}

}
