package dev.pipeipc.server.jsonrpc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.server.PipeInvocationWrapper;
import dev.pipeipc.server.PipeSession;

/**
 * Runs one valid request: finds the {@link PipeHandlerMethod} registered for its method on this
 * server, binds the params to its arguments, invokes it, and turns what it returns (a value, a
 * {@link CompletionStage}, or an exception) into the response. The request is tracked in its
 * connection's {@link InFlightRequests} while it runs, so a cancel can interrupt it.
 */
final class JsonRpcDispatcher {

	private static final Log logger = LogFactory.getLog(JsonRpcDispatcher.class);

	private final String serverId;

	private final String pipeDescription;

	private final PipeHandlerRegistry registry;

	private final ObjectMapper mapper;

	private final JsonRpcWriter writer;

	private final JsonRpcErrorReplies errors;

	private final Map<PipeHandlerMethod, ParameterBinder> binders = new ConcurrentHashMap<>();

	private PipeInvocationWrapper invocations = PipeInvocationWrapper.NONE;

	JsonRpcDispatcher(String serverId, String pipeName, PipeHandlerRegistry registry, ObjectMapper mapper,
			JsonRpcWriter writer, JsonRpcErrorReplies errors) {
		this.serverId = serverId;
		this.pipeDescription = "pipe '" + pipeName + "'";
		this.registry = registry;
		this.mapper = mapper;
		this.writer = writer;
		this.errors = errors;
	}

	/**
	 * Run every handler invocation through a wrapper (set once, before the server starts).
	 * @param invocations the wrapper
	 */
	void setInvocationWrapper(PipeInvocationWrapper invocations) {
		this.invocations = invocations;
	}

	/**
	 * Check and prepare every handler of this server, when it starts, so a handler that could never
	 * be called fails startup and requests find their binder ready. A handler registered later (by a
	 * lazy bean) is prepared on its first request.
	 * @throws UnsupportedHandlerTypeException if a handler takes or returns a type with no JSON form
	 */
	void prepare() {
		for (PipeHandlerMethod endpoint : this.registry.getEndpoints(this.serverId)) {
			binder(endpoint);
		}
	}

	/**
	 * Handle one request.
	 * @param request the validated request
	 * @param session the connection it came on
	 * @param inFlight the connection's requests in progress
	 * @return the response, or {@code null} for a notification; never completes exceptionally
	 */
	CompletableFuture<byte @Nullable []> dispatch(JsonRpcRequest request, PipeSession session,
			InFlightRequests inFlight) {
		PipeHandlerMethod endpoint = this.registry.find(this.serverId, request.method());
		if (endpoint == null) {
			return answer(request, this.errors.methodNotFound(request));
		}
		JsonNode id = request.id();
		InFlightRequests.Call call = (id != null) ? inFlight.start(id) : null;
		CompletableFuture<byte @Nullable []> answer = invoke(request, endpoint, session, call);
		if (id != null && call != null) {
			if (answer.isDone()) {
				inFlight.finish(id, call);
			}
			else {
				answer.whenComplete((body, ex) -> inFlight.finish(id, call));
			}
		}
		return answer;
	}

	private CompletableFuture<byte @Nullable []> invoke(JsonRpcRequest request, PipeHandlerMethod endpoint,
			PipeSession session, InFlightRequests.@Nullable Call call) {
		Object result;
		try {
			@Nullable Object[] arguments = binder(endpoint).bind(request.params(), session, this.mapper);
			if (call != null) {
				call.running();
			}
			try {
				result = this.invocations.invoke(session, () -> endpoint.invoke(arguments));
			}
			finally {
				if (call != null) {
					call.returned();
				}
			}
		}
		catch (Throwable ex) {
			return answer(request, (call != null && call.isCancelled()) ? this.errors.cancelled(request)
					: this.errors.failure(request, endpoint, ex));
		}
		if (result instanceof CompletionStage<?> stage) {
			CompletableFuture<?> future = stage.toCompletableFuture();
			if (call != null) {
				call.waitingFor(future);
			}
			return future.handle((value, ex) -> complete(request, endpoint, call, value, ex));
		}
		if (call != null && call.isCancelled()) {
			return answer(request, this.errors.cancelled(request));
		}
		return answer(request, success(request, (endpoint.getMethod().getReturnType() == void.class) ? null : result));
	}

	private ParameterBinder binder(PipeHandlerMethod endpoint) {
		ParameterBinder binder = this.binders.get(endpoint);
		return (binder != null) ? binder : this.binders.computeIfAbsent(endpoint, this::createBinder);
	}

	private ParameterBinder createBinder(PipeHandlerMethod endpoint) {
		@Nullable String[] names = HandlerParameterNames.of(endpoint);
		HandlerTypeCheck.check(endpoint, names);
		ParameterBinder binder = new ParameterBinder(endpoint, names);
		// Once per handler: the binder is created once and kept, however often the server starts.
		if (binder.hasUnnamedValueParameters()) {
			logger.warn("JSON-RPC handler " + endpoint.describe() + " on " + this.pipeDescription
					+ " has parameters whose names were not compiled into its class, so a params object must"
					+ " call them arg0, arg1, ... Compile with the '-parameters' flag (Spring Boot's parent POM"
					+ " and Gradle plugin set it) or name each parameter with @PipeParam(\"name\").");
		}
		return binder;
	}

	private byte @Nullable [] complete(JsonRpcRequest request, PipeHandlerMethod endpoint,
			InFlightRequests.@Nullable Call call, @Nullable Object value, @Nullable Throwable ex) {
		try {
			if (call != null && call.isCancelled()) {
				return this.errors.cancelled(request);
			}
			return (ex != null) ? this.errors.failure(request, endpoint, unwrap(ex)) : success(request, value);
		}
		catch (Throwable unexpected) {
			return this.errors.failure(request, endpoint, unexpected);
		}
	}

	private byte @Nullable [] success(JsonRpcRequest request, @Nullable Object value) {
		if (request.isNotification()) {
			return null;
		}
		try {
			return this.writer.result(request.id(), value);
		}
		catch (JacksonException ex) {
			return this.errors.unserializableResult(request, ex);
		}
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	/**
	 * A response known at once; nothing for a notification.
	 * @param request the request
	 * @param body the response
	 * @return a completed future
	 */
	static CompletableFuture<byte @Nullable []> answer(JsonRpcRequest request, byte @Nullable [] body) {
		return CompletableFuture.completedFuture(request.isNotification() ? null : body);
	}

}
