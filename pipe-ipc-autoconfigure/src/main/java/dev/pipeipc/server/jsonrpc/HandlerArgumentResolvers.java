package dev.pipeipc.server.jsonrpc;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * The argument resolvers of one server in the order they are asked: the built-in ones for
 * {@code PipeSession}, {@code PipePeer}, {@link PipeCancellation}, {@link PipeRequestContext} and
 * {@code PipeProgress} (which, alone among them, takes a place in the params),
 * then those the application gives, in its order.
 */
final class HandlerArgumentResolvers {

	private final List<PipeHandlerArgumentResolver> resolvers;

	HandlerArgumentResolvers(List<? extends PipeHandlerArgumentResolver> additional) {
		List<PipeHandlerArgumentResolver> all = new ArrayList<>();
		all.add(new SessionArgumentResolver());
		all.add(new PeerArgumentResolver());
		all.add(new CancellationArgumentResolver());
		all.add(new RequestContextArgumentResolver());
		all.add(new ProgressArgumentResolver());
		all.addAll(additional);
		this.resolvers = List.copyOf(all);
	}

	/**
	 * Only the built-in resolvers.
	 * @return the resolvers
	 */
	static HandlerArgumentResolvers builtIn() {
		return new HandlerArgumentResolvers(List.of());
	}

	/**
	 * The first resolver that supports a parameter.
	 * @param parameter a handler method's parameter
	 * @return the resolver, or {@code null} when the parameter is bound from JSON params
	 */
	@Nullable PipeHandlerArgumentResolver find(MethodParameter parameter) {
		for (PipeHandlerArgumentResolver resolver : this.resolvers) {
			if (resolver.supportsParameter(parameter)) {
				return resolver;
			}
		}
		return null;
	}

}
