package dev.pipeipc.autoconfigure.endpoint;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;

import dev.pipeipc.config.PipeHandlerMethod;

/**
 * One handler method as the {@code pipes} and {@code mappings} endpoints show it: the JSON-RPC
 * method name a client calls, and the bean method that answers it.
 *
 * @param method the JSON-RPC method name
 * @param bean the name of the bean whose method handles it
 * @param javaMethod the declaring class and method name
 * @param parameters the method's parameters, in order
 * @param returnType the generic return type
 */
public record PipeRouteDescriptor(String method, String bean, String javaMethod, List<ParameterDescriptor> parameters,
		String returnType) {

	/**
	 * Describe a handler method.
	 * @param handler the handler method
	 * @return its description
	 */
	public static PipeRouteDescriptor of(PipeHandlerMethod handler) {
		Method method = handler.getMethod();
		List<ParameterDescriptor> parameters = Arrays.stream(method.getParameters())
			.map(ParameterDescriptor::of)
			.toList();
		return new PipeRouteDescriptor(handler.getName(), handler.getBeanName(),
				method.getDeclaringClass().getName() + "." + method.getName(), parameters,
				method.getGenericReturnType().getTypeName());
	}

	/**
	 * One parameter of a handler method.
	 *
	 * @param name its name, as the {@code -parameters} compiler flag keeps it (else {@code argN})
	 * @param type its generic type
	 */
	public record ParameterDescriptor(String name, String type) {

		static ParameterDescriptor of(Parameter parameter) {
			return new ParameterDescriptor(parameter.getName(), parameter.getParameterizedType().getTypeName());
		}

	}

}
