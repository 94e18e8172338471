package dev.pipeipc.server.jsonrpc;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

import dev.pipeipc.transport.PipePeer;

/**
 * Gives a {@link PipePeer} parameter the calling process's operating-system identity, and an
 * {@code Optional<PipePeer>} parameter the same or empty. A plain {@code PipePeer} parameter gets
 * {@code null} where the platform tells nothing if it is annotated {@code @Nullable}; otherwise the
 * call fails rather than run a handler that relies on an identity it does not have.
 */
final class PeerArgumentResolver implements PipeHandlerArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		return type == PipePeer.class
				|| (type == Optional.class && parameter.nested().getNestedParameterType() == PipePeer.class);
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
		Optional<PipePeer> peer = request.peer();
		if (parameter.getParameterType() == Optional.class) {
			return peer;
		}
		if (peer.isPresent() || NullableParameters.isNullable(parameter)) {
			return peer.orElse(null);
		}
		throw new IllegalStateException("Pipe '" + request.session().serverName() + "' cannot tell which process"
				+ " called handler " + request.handler().describe() + ", whose parameter '"
				+ parameter.getParameterName() + "' needs a PipePeer. Declare it Optional<PipePeer> or @Nullable.");
	}

}
