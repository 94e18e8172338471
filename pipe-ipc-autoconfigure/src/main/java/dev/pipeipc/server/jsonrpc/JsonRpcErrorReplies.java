package dev.pipeipc.server.jsonrpc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.FrameError;
import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.jsonrpc.JsonRpcError;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;

/**
 * Maps every way a message can fail to the error response the client gets, in one place: an error
 * an exception resolver chose is sent as it is, and so is a handler's {@link JsonRpcException} that
 * no resolver maps; any other exception is logged here and sent
 * as {@value JsonRpcErrorCodes#INTERNAL_ERROR}, without its type and message unless exception
 * details are enabled (they may reveal internals to any local process). Errors to notifications
 * are never sent: every method taking a request returns {@code null} for one.
 */
final class JsonRpcErrorReplies {

	private static final Log logger = LogFactory.getLog(JsonRpcErrorReplies.class);

	private final JsonRpcWriter writer;

	private final String pipeName;

	private final boolean includeExceptionDetails;

	private volatile Consumer<Throwable> failureListener = (ex) -> {
	};

	JsonRpcErrorReplies(JsonRpcWriter writer, String pipeName, boolean includeExceptionDetails) {
		this.writer = writer;
		this.pipeName = pipeName;
		this.includeExceptionDetails = includeExceptionDetails;
	}

	/**
	 * Where to report what a handler threw (see {@link dev.pipeipc.server.PipeProtocol#setFailureListener}).
	 */
	void setFailureListener(Consumer<Throwable> listener) {
		this.failureListener = listener;
	}

	byte[] parseError(String reason) {
		return this.writer.error(null, JsonRpcErrorCodes.PARSE_ERROR, "Parse error", Map.of("reason", reason));
	}

	byte[] invalidRequest(@Nullable JsonNode id, String reason) {
		return this.writer.error(id, JsonRpcErrorCodes.INVALID_REQUEST, "Invalid Request", Map.of("reason", reason));
	}

	byte[] frameError(FrameError error) {
		return (error.kind() == FrameError.Kind.MALFORMED_HEADER) ? parseError(error.message())
				: invalidRequest(null, error.message());
	}

	/**
	 * The answer to a client turned away before any of its messages is read.
	 * @param reason a sentence naming the pipe and why
	 * @return the error response, without an id
	 */
	byte[] refusal(String reason) {
		return unavailableWithId(null, reason);
	}

	byte @Nullable [] unavailable(JsonRpcRequest request, String reason) {
		return request.isNotification() ? null : unavailableWithId(request.id(), reason);
	}

	private byte[] unavailableWithId(@Nullable JsonNode id, String reason) {
		return this.writer.error(id, JsonRpcErrorCodes.SERVER_UNAVAILABLE, "Server unavailable",
				Map.of("reason", reason));
	}

	byte @Nullable [] methodNotFound(JsonRpcRequest request) {
		return failure(request, new JsonRpcException(JsonRpcErrorCodes.METHOD_NOT_FOUND, "Method not found",
				Map.of("method", request.method())));
	}

	/**
	 * The answer to a request whose handler ran past its timeout.
	 * @param request the request, which has an id
	 * @param timeout the timeout it ran past
	 * @return the error response
	 */
	byte @Nullable [] timedOut(JsonRpcRequest request, Duration timeout) {
		return request.isNotification() ? null
				: this.writer.error(request.id(), JsonRpcErrorCodes.REQUEST_TIMED_OUT, "Request timed out",
						Map.of("method", request.method(), "timeoutMillis", timeout.toMillis()));
	}

	byte @Nullable [] cancelled(JsonRpcRequest request) {
		return request.isNotification() ? null
				: this.writer.error(request.id(), JsonRpcErrorCodes.REQUEST_CANCELLED, "Request cancelled",
						Map.of("method", request.method()));
	}

	/**
	 * The answer to a handler that threw or whose future failed.
	 * @param request the request
	 * @param endpoint the handler method, for the log
	 * @param ex what it threw
	 * @return the error response, or {@code null} for a notification
	 */
	byte @Nullable [] failure(JsonRpcRequest request, PipeHandlerMethod endpoint, Throwable ex) {
		if (ex instanceof JsonRpcException rpc) {
			return failure(request, rpc);
		}
		logger.error("Pipe '" + this.pipeName + "' handler " + endpoint.describe() + " failed", ex);
		this.failureListener.accept(ex);
		return request.isNotification() ? null
				: this.writer.error(request.id(), JsonRpcErrorCodes.INTERNAL_ERROR, "Internal error", details(ex));
	}

	/**
	 * The answer an exception resolver chose for a failed request.
	 * @param request the request
	 * @param error the error to send
	 * @param ex the exception it answers, for the debug log
	 * @return the error response, or {@code null} for a notification
	 */
	byte @Nullable [] resolved(JsonRpcRequest request, JsonRpcError error, Throwable ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Pipe '" + this.pipeName + "' answers method '" + request.method() + "' with error "
					+ error.code() + ": " + error.message() + " for " + ex.getClass().getName());
		}
		return request.isNotification() ? null
				: this.writer.error(request.id(), error.code(), error.message(), error.data());
	}

	/**
	 * The answer to a result the mapper could not serialize.
	 * @param request the request
	 * @param ex the serialization failure
	 * @return the error response
	 */
	byte[] unserializableResult(JsonRpcRequest request, RuntimeException ex) {
		logger.error("Pipe '" + this.pipeName + "' could not serialize the result of method '" + request.method()
				+ "'", ex);
		return this.writer.error(request.id(), JsonRpcErrorCodes.INTERNAL_ERROR, "Internal error", details(ex));
	}

	/**
	 * The answer to a request refused with a {@link JsonRpcException} outside any handler (a
	 * stream's control request with an unknown token).
	 * @param request the request
	 * @param ex the error to send
	 * @return the error response, or {@code null} for a notification
	 */
	byte @Nullable [] rejected(JsonRpcRequest request, JsonRpcException ex) {
		return failure(request, ex);
	}

	/**
	 * The answer to a request that failed outside any handler, logged.
	 * @param request the request
	 * @param ex what failed
	 * @return the error response, or {@code null} for a notification
	 */
	byte @Nullable [] internal(JsonRpcRequest request, Throwable ex) {
		logger.error("Pipe '" + this.pipeName + "' failed to answer method '" + request.method() + "'", ex);
		return request.isNotification() ? null
				: this.writer.error(request.id(), JsonRpcErrorCodes.INTERNAL_ERROR, "Internal error", details(ex));
	}

	private byte @Nullable [] failure(JsonRpcRequest request, JsonRpcException ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Pipe '" + this.pipeName + "' answers method '" + request.method() + "' with error "
					+ ex.getCode() + ": " + ex.getMessage());
		}
		return request.isNotification() ? null
				: this.writer.error(request.id(), ex.getCode(), String.valueOf(ex.getMessage()), ex.getData());
	}

	private @Nullable Map<String, Object> details(Throwable ex) {
		if (!this.includeExceptionDetails) {
			return null;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("exception", ex.getClass().getName());
		if (ex.getMessage() != null) {
			data.put("message", ex.getMessage());
		}
		return data;
	}

}
