package dev.pipeipc.server.jsonrpc.annotation;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeParams;
import dev.pipeipc.server.jsonrpc.InvalidHandlerParameterException;
import dev.pipeipc.server.jsonrpc.PipeHandlerArgumentResolver;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;

/**
 * Gives a {@link PipeParams @PipeParams} {@code JsonNode} parameter the request's params as sent.
 */
public final class ParamsArgumentResolver implements PipeHandlerArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		if (!parameter.hasParameterAnnotation(PipeParams.class)) {
			return false;
		}
		if (parameter.getParameterType() != JsonNode.class) {
			throw new InvalidHandlerParameterException("Parameter " + describe(parameter)
					+ " is annotated @PipeParams but has type " + parameter.getParameterType().getSimpleName()
					+ ", and the params as sent are a JsonNode.", "Declare it JsonNode to read the params yourself, or"
							+ " remove @PipeParams to have them bound to the type.");
		}
		return true;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
		return request.params();
	}

	@Override
	public boolean readsParams(MethodParameter parameter) {
		return true;
	}

	private static String describe(MethodParameter parameter) {
		String name = parameter.getParameterName();
		return (name != null) ? "'" + name + "'" : String.valueOf(parameter.getParameterIndex());
	}

}
