package dev.pipeipc.server.jsonrpc;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.transport.PipePeer;

/**
 * The request being handled, as argument resolvers and exception handlers see it: what was asked,
 * by whom, and whether it was cancelled. A handler can also declare a parameter of this type.
 */
public interface PipeRequestContext {

	/**
	 * The method name the client called.
	 * @return the method name
	 */
	String method();

	/**
	 * The request's id as the client sent it.
	 * @return a string, number or null node, or {@code null} for a notification
	 */
	@Nullable JsonNode id();

	/**
	 * The request's params as the client sent them.
	 * @return an array or object, or {@code null} when absent
	 */
	@Nullable JsonNode params();

	/**
	 * The handler method the request was routed to.
	 * @return the endpoint
	 */
	PipeHandlerMethod handler();

	/**
	 * The connection the request came on.
	 * @return the session
	 */
	PipeSession session();

	/**
	 * The calling process, as far as the operating system tells.
	 * @return the peer, or empty where the platform gives nothing
	 */
	default Optional<PipePeer> peer() {
		return session().peer();
	}

	/**
	 * Whether the client cancelled the request.
	 * @return the request's cancellation signal
	 */
	PipeCancellation cancellation();

}
