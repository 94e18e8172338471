package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Gives a {@link dev.pipeipc.annotation.PipeHandler @PipeHandler} method's parameter its value
 * from the request rather than from the JSON params, the way Spring MVC's
 * {@code HandlerMethodArgumentResolver} does for controllers. A parameter a resolver supports is not
 * a JSON param: binding by position or by name skips it, and the startup type check accepts it.
 * <p>
 * Declare implementations as beans; the auto-configuration consults them in their
 * {@link org.springframework.core.annotation.Order @Order} (or
 * {@link org.springframework.core.Ordered Ordered}) order, after the built-in resolvers (for
 * {@code PipeSession}, {@code PipePeer}, {@link PipeCancellation}, {@link PipeRequestContext},
 * {@code @PipeRequestId} and {@code @PipeParams}), and the first that supports a parameter serves
 * it.
 * <pre class="code">
 * &#64;Component
 * class TenantArgumentResolver implements PipeHandlerArgumentResolver {
 *
 *     public boolean supportsParameter(MethodParameter parameter) {
 *         return parameter.getParameterType() == Tenant.class;
 *     }
 *
 *     public Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
 *         return Tenant.of(request.peer().map(PipePeer::user).orElse("local"));
 *     }
 * }
 * </pre>
 */
public interface PipeHandlerArgumentResolver {

	/**
	 * Whether this resolver gives the parameter its value. Asked once per handler parameter, when
	 * the server starts.
	 * @param parameter a handler method's parameter
	 * @return {@code true} to serve it on every call
	 * @throws InvalidHandlerParameterException to fail startup when a parameter this resolver is
	 * meant for is declared in a way it cannot serve (say a wrong type), saying what to change
	 */
	boolean supportsParameter(MethodParameter parameter);

	/**
	 * The parameter's value for one request.
	 * @param parameter the parameter, one this resolver supports
	 * @param request the request being handled
	 * @return the argument; {@code null} only for a parameter that may be null
	 * @throws Exception to fail the request: a {@link dev.pipeipc.jsonrpc.JsonRpcException} is
	 * answered as it is, anything else goes to the exception handlers and then answers
	 * {@value dev.pipeipc.jsonrpc.JsonRpcErrorCodes#INTERNAL_ERROR}
	 */
	@Nullable Object resolveArgument(MethodParameter parameter, PipeRequestContext request) throws Exception;

	/**
	 * Whether the parameter reads the request's params itself, so that params the handler's other
	 * parameters do not take are not an error.
	 * @param parameter the parameter, one this resolver supports
	 * @return {@code false} unless this resolver hands over the params (as {@code @PipeParams} does)
	 */
	default boolean readsParams(MethodParameter parameter) {
		return false;
	}

}
