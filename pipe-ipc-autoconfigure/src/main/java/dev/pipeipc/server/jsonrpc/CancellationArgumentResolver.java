package dev.pipeipc.server.jsonrpc;

import org.springframework.core.MethodParameter;

/**
 * Gives a {@link PipeCancellation} parameter the request's cancellation signal.
 */
final class CancellationArgumentResolver implements PipeHandlerArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == PipeCancellation.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
		return request.cancellation();
	}

}
