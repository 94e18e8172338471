package dev.pipeipc.server.jsonrpc;

import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.server.ObservedRequest;
import dev.pipeipc.server.PipeProtocol;
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
	 * Dispatch one request under observation. The response of a request that is a whole message
	 * is handed to its reply before the observation finishes, so the client does not wait for the
	 * observation's bookkeeping (recording a timer, ending a span), and the status is read from the
	 * response after it has gone.
	 * @param request the validated request
	 * @param node the request object as received, for the trace context it carries
	 * @param session the connection it came on
	 * @param dispatch runs the request; its future never completes exceptionally
	 * @param single the reply to complete with the response, or {@code null} for a member of a
	 * batch
	 * @return the response
	 */
	CompletableFuture<byte @Nullable []> observe(JsonRpcRequest request, JsonNode node, PipeSession session,
			Supplier<CompletableFuture<byte @Nullable []>> dispatch, PipeProtocol.@Nullable Reply single) {
		ObservedRequest observed = this.instrumentation.observer().start(describe(request, node, session));
		CompletableFuture<byte @Nullable []> answer;
		try (ObservedRequest.Scope scope = observed.openScope()) {
			answer = dispatch.get();
		}
		catch (RuntimeException | Error ex) {
			observed.finish(ObservedRequest.NO_RESPONSE, ex);
			throw ex;
		}
		if (answer.isDone()) {
			byte[] body = answer.join();
			if (single != null) {
				single.complete(body);
			}
			observed.finish(this.status.of(body), null);
			return answer;
		}
		return answer.whenComplete((body, ex) -> {
			if (single != null) {
				single.complete(body);
			}
			observed.finish(this.status.of(body), ex);
		});
	}

	private PipeServerRequest describe(JsonRpcRequest request, JsonNode node, PipeSession session) {
		JsonNode id = request.id();
		String idText = (id == null) ? null : (id.isString() ? id.stringValue() : id.toString());
		return new PipeServerRequest(this.instrumentation, session, PROTOCOL, request.method(),
				this.registered.test(request.method()), idText, new JsonRpcRequestHeaders(node));
	}

}
