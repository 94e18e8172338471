package dev.pipeipc.sample;

import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;

import dev.pipeipc.server.jsonrpc.PipeHandlerArgumentResolver;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;
import dev.pipeipc.transport.PipePeer;

/**
 * Gives a handler's {@link Tenant} parameter the calling process's user, as the operating system
 * reports it for the pipe. The parameter is not a JSON param: a client cannot claim to be another
 * tenant.
 */
@Component
public class TenantArgumentResolver implements PipeHandlerArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Tenant.class;
	}

	@Override
	public Tenant resolveArgument(MethodParameter parameter, PipeRequestContext request) {
		String user = request.peer().map(PipePeer::user).orElse(null);
		return new Tenant((user != null) ? user : "local");
	}

}
