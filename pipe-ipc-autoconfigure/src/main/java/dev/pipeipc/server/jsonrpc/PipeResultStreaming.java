package dev.pipeipc.server.jsonrpc;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.server.PipeServerInstrumentation;
import dev.pipeipc.server.PipeSession;

/**
 * Sends handler results as streams the client pulls, beside the single answer of every other
 * handler. The dispatcher knows only this interface; the implementation (StreamJsonRpc's
 * async-enumerable protocol, in {@code dev.pipeipc.server.jsonrpc.stream}) decides which return
 * types are streams, what the first answer looks like and which control methods the client calls
 * for more. A server without one answers every handler with one result.
 */
public interface PipeResultStreaming {

	/**
	 * The type of the values a handler streams, asked once per handler when its server starts, so
	 * the values' type is checked in place of the return type.
	 * @param handler the handler method
	 * @return the element type, or {@code null} when the handler's result is not streamed
	 * @throws RuntimeException if the handler's stream settings are invalid, naming them
	 */
	@Nullable Type elementType(PipeHandlerMethod handler);

	/**
	 * The streams of one connection, opened with its session and closed with it.
	 * @param session the connection
	 * @param instrumentation the server's observer and statistics
	 * @return the connection's streams
	 */
	Session open(PipeSession session, PipeServerInstrumentation instrumentation);

	/**
	 * The open streams of one connection.
	 */
	interface Session {

		/**
		 * Whether a method is one of the control methods this session answers (for StreamJsonRpc's
		 * protocol, {@code $/enumerator/next} and {@code $/enumerator/abort}).
		 * @param method the JSON-RPC method name
		 * @return {@code true} to hand the request to {@link #control}
		 */
		boolean serves(String method);

		/**
		 * Start streaming what a handler returned.
		 * @param returned the handler's return value, not {@code null}
		 * @param request the request the handler answered
		 * @return the first answer and the stream's end
		 * @throws dev.pipeipc.jsonrpc.JsonRpcException when the connection may open no more streams
		 */
		Started start(Object returned, PipeRequestContext request);

		/**
		 * Answer a control request. A handler's failure completes the future with a
		 * {@link PipeStreamFailure}; a bad request with a {@link dev.pipeipc.jsonrpc.JsonRpcException}.
		 * Cancelling the future (the client cancelled the request) cancels the stream.
		 * @param method the control method
		 * @param params its params
		 * @return the result to send, {@code null} for none
		 */
		CompletableFuture<@Nullable Object> control(String method, @Nullable JsonNode params);

		/**
		 * Release what a handler returned without streaming it (a notification, whose result
		 * nobody can pull): closes a {@code Stream}, leaves a publisher unsubscribed.
		 * @param returned the handler's return value
		 */
		void discard(Object returned);

		/**
		 * The connection closed: cancel every open stream.
		 */
		void closed();

	}

	/**
	 * A stream that has started.
	 *
	 * @param first completed with the result of the handler's request, or exceptionally with
	 * what failed before it
	 * @param ended completed when the stream ends, however it ends
	 * @param cancel cancels the stream (the client cancelled the request, or disconnected)
	 */
	record Started(CompletableFuture<@Nullable Object> first, CompletableFuture<?> ended, Runnable cancel) {

	}

}
