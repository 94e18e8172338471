package dev.pipeipc.server.jsonrpc;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an application adds to how a JSON-RPC server calls its handlers: argument resolvers
 * (consulted after the built-in ones), exception resolvers (in order, the first answer wins) and a
 * validator of arguments and results.
 * <p>
 * The resolvers that annotations drive live in {@code dev.pipeipc.server.jsonrpc.annotation}:
 * {@code RequestIdArgumentResolver} ({@code @PipeRequestId}), {@code ParamsArgumentResolver}
 * ({@code @PipeParams}) and {@code PipeExceptionHandlerResolver} ({@code @PipeExceptionHandler}
 * methods). The auto-configuration adds them first; a server built by hand adds them here, or
 * parameters with those annotations are bound from params like any other.
 *
 * @param argumentResolvers resolvers of parameters that are not JSON params, in order
 * @param exceptionResolvers resolvers of handler exceptions, in order
 * @param validator the validator, or {@code null} to validate nothing
 */
public record JsonRpcExtensions(List<PipeHandlerArgumentResolver> argumentResolvers,
		List<PipeExceptionResolver> exceptionResolvers, @Nullable PipeHandlerValidator validator) {

	/**
	 * Create extensions, keeping copies of the lists.
	 * @param argumentResolvers resolvers of parameters that are not JSON params, in order
	 * @param exceptionResolvers resolvers of handler exceptions, in order
	 * @param validator the validator, or {@code null} to validate nothing
	 */
	public JsonRpcExtensions {
		argumentResolvers = List.copyOf(argumentResolvers);
		exceptionResolvers = List.copyOf(exceptionResolvers);
	}

	/**
	 * No extensions: the built-in argument resolvers, default error answers, no validation.
	 * @return empty extensions
	 */
	public static JsonRpcExtensions none() {
		return new JsonRpcExtensions(List.of(), List.of(), null);
	}

}
