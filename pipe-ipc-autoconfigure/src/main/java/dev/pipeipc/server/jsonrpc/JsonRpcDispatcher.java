package dev.pipeipc.server.jsonrpc;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
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
import dev.pipeipc.jsonrpc.JsonRpcError;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeInvocationWrapper;
import dev.pipeipc.server.PipeSession;

/**
 * Runs one valid request: finds the {@link PipeHandlerMethod} registered for its method on this
 * server, binds the params to its arguments (asking the argument resolvers for the parameters that
 * are not params), validates them, invokes the method, validates and turns what it returns (a value,
 * a {@link CompletionStage}, or an exception) into the response. An exception from any of these
 * steps is offered to the exception resolvers before the default answer. The request is tracked in
 * its connection's {@link InFlightRequests} while it runs, so a cancel can interrupt it.
 */
final class JsonRpcDispatcher {

	private static final Log logger = LogFactory.getLog(JsonRpcDispatcher.class);

	private final String serverId;

	private final String pipeDescription;

	private final PipeHandlerRegistry registry;

	private final ObjectMapper mapper;

	private final JsonRpcWriter writer;

	private final JsonRpcErrorReplies errors;

	private final HandlerArgumentResolvers argumentResolvers;

	private final ExceptionResolvers exceptionResolvers;

	private final @Nullable PipeHandlerValidator validator;

	private final Map<PipeHandlerMethod, PreparedHandler> prepared = new ConcurrentHashMap<>();

	private PipeInvocationWrapper invocations = PipeInvocationWrapper.NONE;

	private @Nullable PipeResultStreaming streaming;

	JsonRpcDispatcher(String serverId, String pipeName, PipeHandlerRegistry registry, ObjectMapper mapper,
			JsonRpcWriter writer, JsonRpcErrorReplies errors) {
		this(serverId, pipeName, registry, mapper, writer, errors, JsonRpcExtensions.none());
	}

	JsonRpcDispatcher(String serverId, String pipeName, PipeHandlerRegistry registry, ObjectMapper mapper,
			JsonRpcWriter writer, JsonRpcErrorReplies errors, JsonRpcExtensions extensions) {
		this.serverId = serverId;
		this.pipeDescription = "pipe '" + pipeName + "'";
		this.registry = registry;
		this.mapper = mapper;
		this.writer = writer;
		this.errors = errors;
		this.argumentResolvers = new HandlerArgumentResolvers(extensions.argumentResolvers());
		this.exceptionResolvers = new ExceptionResolvers(extensions.exceptionResolvers());
		this.validator = extensions.validator();
	}

	/**
	 * Run every handler invocation through a wrapper (set once, before the server starts).
	 * @param invocations the wrapper
	 */
	void setInvocationWrapper(PipeInvocationWrapper invocations) {
		this.invocations = invocations;
	}

	/**
	 * Stream the results of the handlers it recognises (set once, before the server starts).
	 * @param streaming the streaming support, or {@code null} to answer every handler once
	 */
	void setResultStreaming(@Nullable PipeResultStreaming streaming) {
		this.streaming = streaming;
	}

	/**
	 * Check and prepare every handler of this server, when it starts, so a handler that could never
	 * be called fails startup and requests find their binder ready. A handler registered later (by a
	 * lazy bean) is prepared on its first request.
	 * @throws UnsupportedHandlerTypeException if a handler takes or returns a type with no JSON form
	 */
	void prepare() {
		for (PipeHandlerMethod endpoint : this.registry.getEndpoints(this.serverId)) {
			prepared(endpoint);
		}
	}

	/**
	 * Handle one request.
	 * @param request the validated request
	 * @param session the connection it came on
	 * @param inFlight the connection's requests in progress
	 * @return the response, or {@code null} for a notification; never completes exceptionally
	 */
	CompletableFuture<@Nullable ResponseBody> dispatch(JsonRpcRequest request, PipeSession session,
			InFlightRequests inFlight) {
		return dispatch(request, session, inFlight, null);
	}

	/**
	 * Handle one request on a connection that can stream results.
	 * @param request the validated request
	 * @param session the connection it came on
	 * @param inFlight the connection's requests in progress
	 * @param streams the connection's streams, or {@code null} when results are never streamed
	 * @return the response, or {@code null} for a notification; never completes exceptionally
	 */
	CompletableFuture<@Nullable ResponseBody> dispatch(JsonRpcRequest request, PipeSession session,
			InFlightRequests inFlight, PipeResultStreaming.@Nullable Session streams) {
		PipeHandlerMethod endpoint = this.registry.find(this.serverId, request.method());
		if (endpoint == null) {
			return answer(request, ResponseBody.of(this.errors.methodNotFound(request)));
		}
		JsonNode id = request.id();
		InFlightRequests.Call call = (id != null) ? inFlight.start(id) : null;
		RequestContext context = new RequestContext(request, endpoint, session, call);
		CompletableFuture<@Nullable ResponseBody> answer = invoke(context, request, call, streams);
		if (context.hasProgress()) {
			// Before the response is written: no progress of the call may follow it.
			answer = answer.thenApply(context::finishProgress);
		}
		if (id != null && call != null) {
			// A streamed result stays in flight until its stream ends, so $/cancelRequest and a
			// disconnect still reach it.
			CompletableFuture<?> held = call.heldUntil();
			CompletableFuture<?> done = (held != null) ? CompletableFuture.allOf(answer, held) : answer;
			if (done.isDone()) {
				inFlight.finish(id, call);
			}
			else {
				done.whenComplete((body, ex) -> inFlight.finish(id, call));
			}
		}
		return answer;
	}

	private CompletableFuture<@Nullable ResponseBody> invoke(RequestContext context, JsonRpcRequest request,
			InFlightRequests.@Nullable Call call, PipeResultStreaming.@Nullable Session streams) {
		PipeHandlerMethod endpoint = context.handler();
		PreparedHandler handler;
		Object result;
		try {
			handler = prepared(endpoint);
			@Nullable Object[] arguments = handler.binder().bind(request.params(), context, this.mapper);
			if (handler.validation() != null) {
				handler.validation().validateArguments(arguments);
			}
			if (call != null) {
				call.running();
			}
			try {
				result = this.invocations.invoke(context.session(), () -> endpoint.invoke(arguments));
			}
			finally {
				if (call != null) {
					call.returned();
				}
			}
		}
		catch (Throwable ex) {
			return answer(request, failed(context, call, ex));
		}
		if (handler.streamed() && streams != null && result != null) {
			return stream(context, call, result, streams);
		}
		if (result instanceof CompletionStage<?> stage) {
			CompletableFuture<?> future = stage.toCompletableFuture();
			if (call != null) {
				call.waitingFor(future);
			}
			return future.handle((value, ex) -> complete(context, handler, call, value, ex));
		}
		if (call != null && call.isCancelled()) {
			return answer(request, ResponseBody.of(this.errors.cancelled(request)));
		}
		return answer(request,
				succeeded(context, handler, (endpoint.getMethod().getReturnType() == void.class) ? null : result));
	}

	/**
	 * Start streaming what a handler returned; the response carries its first values. Its result
	 * is not validated: it is the stream's handle, not the handler's value.
	 */
	private CompletableFuture<@Nullable ResponseBody> stream(RequestContext context, InFlightRequests.@Nullable Call call,
			Object returned, PipeResultStreaming.Session streams) {
		JsonRpcRequest request = context.request();
		if (request.isNotification()) {
			streams.discard(returned);
			return answer(request, null);
		}
		PipeResultStreaming.Started started;
		try {
			started = streams.start(returned, context);
		}
		catch (Throwable ex) {
			return answer(request, failed(context, call, ex));
		}
		if (call != null) {
			call.holdUntil(started.ended());
			call.onCancel(started.cancel());
		}
		return started.first().handle((value, ex) -> {
			try {
				if (call != null && call.isCancelled()) {
					return ResponseBody.of(this.errors.cancelled(request));
				}
				return (ex != null) ? failed(context, call, unwrap(ex)) : success(request, value);
			}
			catch (Throwable unexpected) {
				return ResponseBody.of(this.errors.failure(request, context.handler(), unexpected));
			}
		});
	}

	/**
	 * The error answer to a failed control request of a stream ({@code $/enumerator/next}): a
	 * handler's failure is resolved as its own request's would be, with the control request's id.
	 * @param request the control request
	 * @param ex what it failed with
	 * @return the error response, or {@code null} for a notification
	 */
	@Nullable ResponseBody streamFailed(JsonRpcRequest request, Throwable ex) {
		Throwable cause = unwrap(ex);
		if (cause instanceof PipeStreamFailure failure) {
			PipeRequestContext original = failure.request();
			JsonRpcError error = this.exceptionResolvers.resolve(failure.getCause(), original);
			return (error != null) ? ResponseBody.of(this.errors.resolved(request, error, failure.getCause()))
					: ResponseBody.of(this.errors.failure(request, original.handler(), failure.getCause()));
		}
		if (cause instanceof JsonRpcException rpc) {
			return ResponseBody.of(this.errors.rejected(request, rpc));
		}
		return ResponseBody.of(this.errors.internal(request, cause));
	}

	@Nullable ResponseBody streamSucceeded(JsonRpcRequest request, @Nullable Object value) {
		return success(request, value);
	}

	private PreparedHandler prepared(PipeHandlerMethod endpoint) {
		PreparedHandler handler = this.prepared.get(endpoint);
		return (handler != null) ? handler : this.prepared.computeIfAbsent(endpoint, this::prepare);
	}

	private PreparedHandler prepare(PipeHandlerMethod endpoint) {
		@Nullable String[] names = HandlerParameterNames.of(endpoint);
		ParameterBinder binder = new ParameterBinder(endpoint, names, this.argumentResolvers);
		Type streamed = (this.streaming != null) ? this.streaming.elementType(endpoint) : null;
		HandlerTypeCheck.check(endpoint, names, binder.resolvedParameters(), streamed);
		// Once per handler: it is prepared once and kept, however often the server starts.
		if (binder.hasUnnamedValueParameters()) {
			logger.warn("JSON-RPC handler " + endpoint.describe() + " on " + this.pipeDescription
					+ " has parameters whose names were not compiled into its class, so a params object must"
					+ " call them arg0, arg1, ... Compile with the '-parameters' flag (Spring Boot's parent POM"
					+ " and Gradle plugin set it) or name each parameter with @PipeParam(\"name\").");
		}
		this.exceptionResolvers.prepare(endpoint);
		PipeHandlerValidator.Validation validation = (this.validator != null)
				? this.validator.prepare(endpoint, paramNames(names)) : null;
		return new PreparedHandler(binder, validation, streamed != null);
	}

	private static List<String> paramNames(@Nullable String[] names) {
		List<String> list = new ArrayList<>(names.length);
		for (int i = 0; i < names.length; i++) {
			list.add((names[i] != null) ? names[i] : "arg" + i);
		}
		return list;
	}

	private @Nullable ResponseBody complete(RequestContext context, PreparedHandler handler,
			InFlightRequests.@Nullable Call call, @Nullable Object value, @Nullable Throwable ex) {
		try {
			if (call != null && call.isCancelled()) {
				return ResponseBody.of(this.errors.cancelled(context.request()));
			}
			return (ex != null) ? failed(context, call, unwrap(ex)) : succeeded(context, handler, value);
		}
		catch (Throwable unexpected) {
			return ResponseBody.of(this.errors.failure(context.request(), context.handler(), unexpected));
		}
	}

	private @Nullable ResponseBody succeeded(RequestContext context, PreparedHandler handler, @Nullable Object value) {
		if (handler.validation() != null) {
			try {
				handler.validation().validateResult(value);
			}
			catch (Throwable ex) {
				return failed(context, null, ex);
			}
		}
		return success(context.request(), value);
	}

	/**
	 * The answer to a failed request: cancelled if the client cancelled it, else what an exception
	 * resolver maps the exception to, else the default answer.
	 */
	private @Nullable ResponseBody failed(RequestContext context, InFlightRequests.@Nullable Call call, Throwable ex) {
		JsonRpcRequest request = context.request();
		if (call != null && call.isCancelled()) {
			return ResponseBody.of(this.errors.cancelled(request));
		}
		JsonRpcError error = this.exceptionResolvers.resolve(ex, context);
		return (error != null) ? ResponseBody.of(this.errors.resolved(request, error, ex))
				: ResponseBody.of(this.errors.failure(request, context.handler(), ex));
	}

	private @Nullable ResponseBody success(JsonRpcRequest request, @Nullable Object value) {
		if (request.isNotification()) {
			return null;
		}
		try {
			return this.writer.result(request.id(), value);
		}
		catch (JacksonException ex) {
			return ResponseBody.of(this.errors.unserializableResult(request, ex));
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
	static CompletableFuture<@Nullable ResponseBody> answer(JsonRpcRequest request, @Nullable ResponseBody body) {
		return CompletableFuture.completedFuture(request.isNotification() ? null : body);
	}

	/**
	 * What a handler needs on every call, worked out once.
	 *
	 * @param binder binds its params
	 * @param validation validates its arguments and result, or {@code null} when it declares nothing
	 * to check
	 * @param streamed whether its result is sent as a stream the client pulls
	 */
	private record PreparedHandler(ParameterBinder binder, PipeHandlerValidator.@Nullable Validation validation,
			boolean streamed) {

	}

}
