package dev.pipeipc.server.jsonrpc;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.jsonrpc.JsonRpcError;
import dev.pipeipc.jsonrpc.JsonRpcException;

/**
 * The exception resolvers of one server, asked in order until one answers. A resolver that throws
 * a {@link JsonRpcException} answers with it; one that fails otherwise is logged and skipped, so
 * the original exception is still answered.
 */
final class ExceptionResolvers {

	private static final Log logger = LogFactory.getLog(ExceptionResolvers.class);

	private final List<PipeExceptionResolver> resolvers;

	ExceptionResolvers(List<? extends PipeExceptionResolver> resolvers) {
		this.resolvers = List.copyOf(resolvers);
	}

	void prepare(PipeHandlerMethod handler) {
		for (PipeExceptionResolver resolver : this.resolvers) {
			resolver.prepare(handler);
		}
	}

	/**
	 * The error a resolver answers an exception with.
	 * @param ex what the handler threw
	 * @param request the request
	 * @return the error, or {@code null} when no resolver answers
	 */
	@Nullable JsonRpcError resolve(Throwable ex, PipeRequestContext request) {
		for (PipeExceptionResolver resolver : this.resolvers) {
			try {
				JsonRpcError error = resolver.resolveException(ex, request);
				if (error != null) {
					return error;
				}
			}
			catch (JsonRpcException answer) {
				return JsonRpcError.of(answer);
			}
			catch (Throwable failure) {
				failure.addSuppressed(ex);
				logger.warn("Exception resolver " + resolver + " failed on " + ex.getClass().getName() + " from "
						+ request.handler().describe() + "; the original exception is answered instead", failure);
			}
		}
		return null;
	}

}
