package dev.pipeipc.server.jsonrpc;

import java.lang.reflect.Method;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.config.PipeHandlerMethod;

/**
 * The names params objects use for a handler's parameters: the name the code declares
 * ({@code @PipeParam}), else the name compiled into the class (with {@code -parameters}), else none.
 */
final class HandlerParameterNames {

	private static final ParameterNameDiscoverer discoverer = new DefaultParameterNameDiscoverer();

	private HandlerParameterNames() {
	}

	/**
	 * Resolve the names of a handler's parameters.
	 * @param endpoint the handler method
	 * @return one entry per parameter: its name, or {@code null} when neither the code nor the class
	 * gives one
	 */
	static @Nullable String[] of(PipeHandlerMethod endpoint) {
		Method method = endpoint.getMethod();
		@Nullable String @Nullable [] discovered = discoverer.getParameterNames(method);
		@Nullable String[] names = new String[method.getParameterCount()];
		for (int i = 0; i < names.length; i++) {
			String declared = endpoint.getDeclaredParameterName(i);
			names[i] = (declared != null) ? declared : (discovered != null) ? discovered[i] : null;
		}
		return names;
	}

}
