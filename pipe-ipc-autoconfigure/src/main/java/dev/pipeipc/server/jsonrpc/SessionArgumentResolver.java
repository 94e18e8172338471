package dev.pipeipc.server.jsonrpc;

import org.springframework.core.MethodParameter;

import dev.pipeipc.server.PipeSession;

/**
 * Gives a {@link PipeSession} parameter the connection the request came on.
 */
final class SessionArgumentResolver implements PipeHandlerArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return PipeSession.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
		return request.session();
	}

}
