package dev.pipeipc.client;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.jsonrpc.PipeProgress;

/**
 * The progress listeners among a {@code @PipeExchange} method's parameters: a {@link Consumer}
 * or {@link PipeProgress} parameter receives the call's progress, read as the type its signature
 * gives ({@code Consumer<ImportStep>}), which a lambda passed at run time cannot tell.
 */
final class ProgressParameters {

	private final @Nullable Type[] types;

	private ProgressParameters(@Nullable Type[] types) {
		this.types = types;
	}

	/**
	 * The listener parameters of a method.
	 * @param method the interface method
	 * @return its listener parameters, or {@code null} when it has none
	 */
	static @Nullable ProgressParameters of(Method method) {
		Class<?>[] raw = method.getParameterTypes();
		Type[] generic = method.getGenericParameterTypes();
		@Nullable Type[] types = new Type[raw.length];
		boolean any = false;
		for (int i = 0; i < raw.length; i++) {
			if (raw[i] == Consumer.class || raw[i] == PipeProgress.class) {
				types[i] = valueType(generic[i]);
				any = true;
			}
		}
		return any ? new ProgressParameters(types) : null;
	}

	private static Type valueType(Type parameter) {
		if (!(parameter instanceof ParameterizedType parameterized)) {
			return Object.class;
		}
		Type argument = parameterized.getActualTypeArguments()[0];
		if (argument instanceof WildcardType wildcard) {
			// Consumer<? super Step> takes Steps; Consumer<? extends Step> is read as Step too.
			Type[] bounds = (wildcard.getLowerBounds().length > 0) ? wildcard.getLowerBounds()
					: wildcard.getUpperBounds();
			return bounds[0];
		}
		return argument;
	}

	/**
	 * The arguments with each listener typed by its parameter.
	 * @param arguments the invocation's arguments
	 * @return a copy with typed listeners
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	@Nullable Object[] typed(@Nullable Object[] arguments) {
		@Nullable Object[] typed = arguments.clone();
		for (int i = 0; i < typed.length; i++) {
			Type type = this.types[i];
			Object argument = typed[i];
			if (type != null && argument != null && !(argument instanceof PipeProgress.Listener<?>)) {
				Consumer<Object> consumer = (argument instanceof PipeProgress<?> progress)
						? ((PipeProgress<Object>) progress)::report : (Consumer<Object>) argument;
				typed[i] = new PipeProgress.Listener(type, consumer);
			}
		}
		return typed;
	}

}
