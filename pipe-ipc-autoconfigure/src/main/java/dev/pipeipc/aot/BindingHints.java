package dev.pipeipc.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;

/**
 * The hints for calling a method reflectively with arguments read from JSON and a result written
 * to JSON: the method itself, and Jackson binding of its parameter and return types (with their
 * generics, so {@code List<Order>} registers {@code Order}).
 */
final class BindingHints {

	/** The one parameter type the server passes itself instead of binding it. */
	private static final String PIPE_SESSION = "dev.pipeipc.server.PipeSession";

	private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

	/**
	 * Register a method for invocation and its parameter and return types for binding. A
	 * {@code PipeSession} parameter is passed by the server, not bound.
	 * @param hints the hints to add to
	 * @param method the method
	 */
	void registerMethod(ReflectionHints hints, Method method) {
		hints.registerMethod(method, ExecutableMode.INVOKE);
		List<Type> types = new ArrayList<>(List.of(method.getGenericParameterTypes()));
		types.add(method.getGenericReturnType());
		this.bindingRegistrar.registerReflectionHints(hints,
				types.stream().filter((type) -> !type.getTypeName().equals(PIPE_SESSION)).toArray(Type[]::new));
	}

}
