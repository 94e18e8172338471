package dev.pipeipc.server.jsonrpc;

import org.springframework.core.MethodParameter;

/**
 * Gives a {@link PipeRequestContext} parameter the request itself: method, id, params, session.
 */
final class RequestContextArgumentResolver implements PipeHandlerArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == PipeRequestContext.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
		return request;
	}

}
