package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.jsonrpc.PipeProgress;

/**
 * Gives a {@link PipeProgress} parameter a reporter that sends {@code $/progress} notifications to
 * the caller. Unlike the other resolved parameters it takes a place in the params, by position or
 * by name: the JSON value there is the caller's progress token, any JSON value, echoed in every
 * notification, as StreamJsonRpc does for {@code IProgress<T>}; {@code null} or no value means the
 * caller wants no progress and the handler gets a reporter that sends nothing. The
 * {@link ParameterBinder} hands it the token ({@link #progress}); {@link #resolveArgument} only
 * serves a caller that asks without one.
 */
final class ProgressArgumentResolver implements PipeHandlerArgumentResolver {

	/** What a handler reports to when the caller wants no progress. */
	static final PipeProgress<Object> NONE = (value) -> {
	};

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == PipeProgress.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
		return NONE;
	}

	/**
	 * The reporter for one call.
	 * @param token the param's value, or {@code null} when the caller gave none
	 * @param request the request
	 * @param mapper the mapper that serializes reported values
	 * @return a reporter tied to the request, or a no-op one for a missing or null token
	 */
	static PipeProgress<Object> progress(@Nullable JsonNode token, PipeRequestContext request, ObjectMapper mapper) {
		if (token == null || token.isNull() || token.isMissingNode()) {
			return NONE;
		}
		if (request instanceof RequestContext context) {
			return context.progress(new ProgressReporter(context.session(), token, mapper));
		}
		return new ProgressReporter(request.session(), token, mapper);
	}

}
