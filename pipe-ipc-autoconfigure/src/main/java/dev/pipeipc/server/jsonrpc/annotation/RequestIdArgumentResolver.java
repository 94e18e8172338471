package dev.pipeipc.server.jsonrpc.annotation;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeRequestId;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.jsonrpc.InvalidHandlerParameterException;
import dev.pipeipc.server.jsonrpc.PipeHandlerArgumentResolver;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;

/**
 * Gives a {@link PipeRequestId @PipeRequestId} parameter the request's id, as a {@code JsonNode},
 * {@code String}, {@code long}/{@code Long} or {@code Object}.
 */
public final class RequestIdArgumentResolver implements PipeHandlerArgumentResolver {

	private static final Set<Class<?>> TYPES = Set.of(JsonNode.class, String.class, Object.class, long.class,
			Long.class);

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		if (!parameter.hasParameterAnnotation(PipeRequestId.class)) {
			return false;
		}
		if (!TYPES.contains(parameter.getParameterType())) {
			throw new InvalidHandlerParameterException("Parameter " + describe(parameter)
					+ " is annotated @PipeRequestId but has type " + parameter.getParameterType().getSimpleName()
					+ ", which a request id cannot be.", "Declare it JsonNode, String, long, Long or Object.");
		}
		return true;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
		JsonNode id = request.id();
		Class<?> type = parameter.getParameterType();
		if (id == null || id.isNull()) {
			if (type == long.class) {
				throw invalid(request, "has no id, but the handler's @PipeRequestId parameter is a long");
			}
			return null;
		}
		if (type == JsonNode.class) {
			return id;
		}
		if (type == String.class) {
			return id.isString() ? id.stringValue() : id.toString();
		}
		if (type == Object.class) {
			if (id.isString()) {
				return id.stringValue();
			}
			return id.canConvertToLong() && id.isIntegralNumber() ? (Object) id.longValue()
					: id.isIntegralNumber() ? id.bigIntegerValue() : id.decimalValue();
		}
		if (!id.isIntegralNumber() || !id.canConvertToLong()) {
			throw invalid(request, "has id " + id + ", but the handler's @PipeRequestId parameter takes only a"
					+ " whole number");
		}
		return id.longValue();
	}

	private static JsonRpcException invalid(PipeRequestContext request, String problem) {
		return new JsonRpcException(JsonRpcErrorCodes.INVALID_REQUEST,
				"The request to method '" + request.method() + "' " + problem);
	}

	private static String describe(MethodParameter parameter) {
		String name = parameter.getParameterName();
		return (name != null) ? "'" + name + "'" : String.valueOf(parameter.getParameterIndex());
	}

}
