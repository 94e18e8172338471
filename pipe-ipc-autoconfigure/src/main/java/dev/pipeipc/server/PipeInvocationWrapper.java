package dev.pipeipc.server;

import org.jspecify.annotations.Nullable;

/**
 * Runs around every handler invocation, on the thread that invokes the handler, with the session
 * the request came on: the place to put per-call context a handler or a proxy around it reads from
 * a thread-local (such as Spring Security's {@code SecurityContext}, built from the session's
 * peer) and to take it away afterwards.
 * <p>
 * A wrapper sees the synchronous part of the invocation only: a handler that returns a
 * {@link java.util.concurrent.CompletionStage} has returned by the time the wrapper ends. What
 * the wrapper throws is answered like what the handler throws, so a wrapper may turn an exception
 * into a {@link dev.pipeipc.jsonrpc.JsonRpcException} the client is meant to see.
 */
@FunctionalInterface
public interface PipeInvocationWrapper {

	/** Invokes the handler unchanged. */
	PipeInvocationWrapper NONE = (session, invocation) -> invocation.proceed();

	/**
	 * Invoke the handler, doing whatever the wrapper adds before and after.
	 * @param session the connection the request came on
	 * @param invocation the handler invocation, to be proceeded with exactly once (or not at all,
	 * to refuse)
	 * @return what the handler returned
	 * @throws Throwable what the handler threw, or the wrapper's own refusal
	 */
	@Nullable Object invoke(PipeSession session, Invocation invocation) throws Throwable;

	/**
	 * A wrapper that runs this one outside the other one.
	 * @param inner the wrapper to run inside this one
	 * @return the combination
	 */
	default PipeInvocationWrapper around(PipeInvocationWrapper inner) {
		if (this == NONE) {
			return inner;
		}
		if (inner == NONE) {
			return this;
		}
		return (session, invocation) -> invoke(session, () -> inner.invoke(session, invocation));
	}

	/**
	 * The handler invocation a wrapper proceeds with.
	 */
	@FunctionalInterface
	interface Invocation {

		/**
		 * Invoke the handler.
		 * @return what it returned
		 * @throws Throwable what it threw
		 */
		@Nullable Object proceed() throws Throwable;

	}

}
