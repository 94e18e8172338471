package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.jsonrpc.JsonRpcError;

/**
 * Turns what a handler (its binding, validation or invocation) threw into the JSON-RPC error the
 * client gets. Resolvers are asked in order; the first that answers wins. An exception none answers
 * keeps the default: a {@link dev.pipeipc.jsonrpc.JsonRpcException} is sent as it is, anything else
 * is logged and sent as {@value dev.pipeipc.jsonrpc.JsonRpcErrorCodes#INTERNAL_ERROR}. The
 * {@code @PipeExceptionHandler} methods are served by one implementation; beans of this type are
 * asked after it, in their {@code @Order}.
 */
public interface PipeExceptionResolver {

	/**
	 * Prepare for one handler method when its server starts, so a mistake in how its exceptions
	 * are handled fails startup rather than a call.
	 * @param handler the handler method
	 */
	default void prepare(PipeHandlerMethod handler) {
	}

	/**
	 * The error to answer an exception with.
	 * @param ex what was thrown (unwrapped from a failed future)
	 * @param request the request that failed
	 * @return the error, or {@code null} to leave the exception to the next resolver
	 * @throws dev.pipeipc.jsonrpc.JsonRpcException to answer with that error
	 */
	@Nullable JsonRpcError resolveException(Throwable ex, PipeRequestContext request);

}
