package dev.pipeipc.server.jsonrpc;

import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.server.ObservedRequest;
import dev.pipeipc.server.PipeServerInstrumentation;
import dev.pipeipc.server.PipeServerRequest;
import dev.pipeipc.server.PipeSession;

/**
 * Observes the JSON-RPC requests of one connection through the server's
 * {@link dev.pipeipc.server.PipeRequestObserver}: describes each request (method, whether it is
 * registered, id, the trace context it carries), runs its dispatch inside the observation's scope,
 * and finishes the observation with the status of the response that was sent. Exists only on a
 * server with an observer, so a server without one pays nothing.
 */
final class JsonRpcObservations {

	static final String PROTOCOL = "jsonrpc";

	private final PipeServerInstrumentation instrumentation;

	private final JsonRpcResponseStatus status;

	private final Predicate<String> registered;

	JsonRpcObservations(PipeServerInstrumentation instrumentation, JsonRpcResponseStatus status,
			Predicate<String> registered) {
		this.instrumentation = instrumentation;
		this.status = status;
		this.registered = registered;
	}

	/**
	 * Dispatch one request under observation. The response completes the request's answer (which,
	 * for a whole message, hands it to its reply) before the observation finishes, so the client
	 * does not wait for the observation's bookkeeping (recording a timer, ending a span), and the
	 * status is read from the answer actually given: a timeout's error when it answered first.
	 * @param request the validated request
	 * @param node the request object as received, for the trace context it carries
	 * @param session the connection it came on
	 * @param dispatch runs the request; its future never completes exceptionally
	 * @param answer completed with the response unless something (a timeout) answered first
	 */
	void observe(JsonRpcRequest request, JsonNode node, PipeSession session,
			Supplier<CompletableFuture<@Nullable ResponseBody>> dispatch, CompletableFuture<@Nullable ResponseBody> answer) {
		ObservedRequest observed = this.instrumentation.observer().start(describe(request, node, session));
		CompletableFuture<@Nullable ResponseBody> response;
		try (ObservedRequest.Scope scope = observed.openScope()) {
			response = dispatch.get();
		}
		catch (RuntimeException | Error ex) {
			observed.finish(ObservedRequest.NO_RESPONSE, ex);
			throw ex;
		}
		if (response.isDone()) {
			answer.complete(response.join());
			observed.finish(this.status.of(answer.getNow(null)), null);
			return;
		}
		response.whenComplete((body, ex) -> {
			answer.complete(body);
			observed.finish(this.status.of(answer.getNow(null)), ex);
		});
	}

	private PipeServerRequest describe(JsonRpcRequest request, JsonNode node, PipeSession session) {
		JsonNode id = request.id();
		String idText = (id == null) ? null : (id.isString() ? id.stringValue() : id.toString());
		return new PipeServerRequest(this.instrumentation, session, PROTOCOL, request.method(),
				this.registered.test(request.method()), idText, new JsonRpcRequestHeaders(node));
	}

}
