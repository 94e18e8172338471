package dev.pipeipc.server.jsonrpc;

import java.time.Duration;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.codec.FrameError;
import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.jsonrpc.JsonReadLimits;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeInvocationWrapper;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.PipeServerInstrumentation;
import dev.pipeipc.server.PipeSession;

/**
 * JSON-RPC 2.0 over a pipe, routing each method to its {@link PipeHandlerMethod} and writing
 * results and errors with the application's mapper. The work is shared out: each connection gets a
 * {@link JsonRpcSessionHandler} that reads its messages ({@link JsonRpcReader},
 * {@link JsonRpcRequest}), answers batches ({@link JsonRpcBatch}) and owns its cancellable
 * requests ({@link InFlightRequests}, {@link CancelNotifications}); a {@link JsonRpcDispatcher}
 * binds ({@link ParameterBinder}) and invokes handlers; {@link JsonRpcErrorReplies} maps failures
 * to error responses.
 * <p>
 * When the server starts, every handler of the server is checked ({@link HandlerTypeCheck}) and its
 * binder prepared, so a handler with a parameter or return type that has no JSON form fails startup
 * and requests find their binder ready.
 * <p>
 * Notifications (requests without an {@code id}) are never answered, not even with an error. What
 * a handler throws is first offered to the {@link PipeExceptionResolver}s; a
 * {@link JsonRpcException} none maps is sent as it is; any other exception is logged and sent as
 * {@value JsonRpcErrorCodes#INTERNAL_ERROR} without its message unless exception details are
 * enabled.
 */
public class JsonRpcProtocol implements PipeProtocol {

	private final JsonRpcWriter writer;

	private final JsonRpcErrorReplies errors;

	private final JsonRpcReader reader;

	private final JsonRpcDispatcher dispatcher;

	private final CancelNotifications cancels;

	private final RequestTimeouts timeouts;

	private final JsonRpcResponseStatus status;

	private final String serverId;

	private final String pipeName;

	private final PipeHandlerRegistry registry;

	private @Nullable PipeResultStreaming streaming;

	/**
	 * Create the protocol for one server.
	 * @param serverId the server's id in the registry
	 * @param pipeName the pipe name, for log messages
	 * @param registry where handler methods are looked up
	 * @param mapper the application's JSON mapper
	 * @param includeExceptionDetails whether internal errors carry the exception's type and message
	 */
	public JsonRpcProtocol(String serverId, String pipeName, PipeHandlerRegistry registry, ObjectMapper mapper,
			boolean includeExceptionDetails) {
		this(serverId, pipeName, registry, mapper, includeExceptionDetails, JsonRpcExtensions.none());
	}

	/**
	 * Create the protocol for one server, its handlers invoked through a wrapper.
	 * @param serverId the server's id in the registry
	 * @param pipeName the pipe name, for log messages
	 * @param registry where handler methods are looked up
	 * @param mapper the application's JSON mapper
	 * @param includeExceptionDetails whether internal errors carry the exception's type and message
	 * @param invocations runs around every handler invocation, after its params are bound
	 */
	public JsonRpcProtocol(String serverId, String pipeName, PipeHandlerRegistry registry, ObjectMapper mapper,
			boolean includeExceptionDetails, PipeInvocationWrapper invocations) {
		this(serverId, pipeName, registry, mapper, includeExceptionDetails, JsonRpcExtensions.none(), invocations);
	}

	/**
	 * Create the protocol for one server with the application's argument resolvers, exception
	 * resolvers and validator.
	 * @param serverId the server's id in the registry
	 * @param pipeName the pipe name, for log messages
	 * @param registry where handler methods are looked up
	 * @param mapper the application's JSON mapper
	 * @param includeExceptionDetails whether internal errors carry the exception's type and message
	 * @param extensions what the application adds to how handlers are called
	 */
	public JsonRpcProtocol(String serverId, String pipeName, PipeHandlerRegistry registry, ObjectMapper mapper,
			boolean includeExceptionDetails, JsonRpcExtensions extensions) {
		this(serverId, pipeName, registry, mapper, includeExceptionDetails, extensions, PipeInvocationWrapper.NONE);
	}

	/**
	 * Create the protocol for one server with the application's extensions, its handlers invoked
	 * through a wrapper.
	 * @param serverId the server's id in the registry
	 * @param pipeName the pipe name, for log messages
	 * @param registry where handler methods are looked up
	 * @param mapper the application's JSON mapper
	 * @param includeExceptionDetails whether internal errors carry the exception's type and message
	 * @param extensions what the application adds to how handlers are called
	 * @param invocations runs around every handler invocation, after its params are bound
	 */
	public JsonRpcProtocol(String serverId, String pipeName, PipeHandlerRegistry registry, ObjectMapper mapper,
			boolean includeExceptionDetails, JsonRpcExtensions extensions, PipeInvocationWrapper invocations) {
		this(serverId, pipeName, registry, mapper, includeExceptionDetails, JsonReadLimits.DEFAULTS, null, extensions,
				invocations);
	}

	/**
	 * Create the protocol for one server, parsing messages under the given limits.
	 * @param serverId the server's id in the registry
	 * @param pipeName the pipe name, for log messages
	 * @param registry where handler methods are looked up
	 * @param mapper the application's JSON mapper
	 * @param includeExceptionDetails whether internal errors carry the exception's type and message
	 * @param readLimits how deep, and how long the numbers, strings and names of, a message may be;
	 * a message past one is answered {@code -32700}
	 */
	public JsonRpcProtocol(String serverId, String pipeName, PipeHandlerRegistry registry, ObjectMapper mapper,
			boolean includeExceptionDetails, JsonReadLimits readLimits) {
		this(serverId, pipeName, registry, mapper, includeExceptionDetails, readLimits, null, JsonRpcExtensions.none(),
				PipeInvocationWrapper.NONE);
	}

	/**
	 * Create the protocol for one server, parsing messages under the given limits, with a request
	 * timeout, the application's argument resolvers, exception resolvers and validator, and its
	 * handlers invoked through a wrapper.
	 * @param serverId the server's id in the registry
	 * @param pipeName the pipe name, for log messages
	 * @param registry where handler methods are looked up
	 * @param mapper the application's JSON mapper
	 * @param includeExceptionDetails whether internal errors carry the exception's type and message
	 * @param readLimits how deep, and how long the numbers, strings and names of, a message may be;
	 * a message past one is answered {@code -32700}
	 * @param requestTimeout how long a request may run before it is answered with
	 * {@link JsonRpcErrorCodes#REQUEST_TIMED_OUT} and its handler interrupted, unless its handler
	 * has a timeout of its own; {@code null} for none
	 * @param extensions what the application adds to how handlers are called
	 * @param invocations runs around every handler invocation, after its params are bound
	 */
	public JsonRpcProtocol(String serverId, String pipeName, PipeHandlerRegistry registry, ObjectMapper mapper,
			boolean includeExceptionDetails, JsonReadLimits readLimits, @Nullable Duration requestTimeout,
			JsonRpcExtensions extensions, PipeInvocationWrapper invocations) {
		if (requestTimeout != null && (requestTimeout.isNegative() || requestTimeout.isZero())) {
			throw new IllegalArgumentException("The request timeout of pipe '" + pipeName
					+ "' must be positive, or null for none, but was " + requestTimeout);
		}
		this.timeouts = new RequestTimeouts(serverId, pipeName, registry, requestTimeout);
		this.writer = new JsonRpcWriter(mapper);
		this.errors = new JsonRpcErrorReplies(this.writer, pipeName, includeExceptionDetails);
		this.reader = new JsonRpcReader(mapper, readLimits, this.errors);
		this.dispatcher = new JsonRpcDispatcher(serverId, pipeName, registry, mapper, this.writer, this.errors,
				extensions);
		this.dispatcher.setInvocationWrapper(invocations);
		this.cancels = new CancelNotifications(this.reader, pipeName);
		this.status = new JsonRpcResponseStatus(mapper);
		this.serverId = serverId;
		this.pipeName = pipeName;
		this.registry = registry;
	}

	/**
	 * Send the results of the handlers the streaming support recognises as streams the client
	 * pulls. Set before the server starts.
	 * @param streaming the streaming support, or {@code null} to answer every handler once
	 */
	public void setResultStreaming(@Nullable PipeResultStreaming streaming) {
		this.streaming = streaming;
		this.dispatcher.setResultStreaming(streaming);
	}

	/**
	 * Check every handler of this server and prepare its binding.
	 * @throws UnsupportedHandlerTypeException if a handler takes or returns a type with no JSON form
	 */
	@Override
	public void start() {
		this.dispatcher.prepare();
	}

	@Override
	public void setFailureListener(Consumer<Throwable> listener) {
		this.errors.setFailureListener(listener);
	}

	@Override
	public SessionHandler open(PipeSession session) {
		return open(session, PipeServerInstrumentation.none(this.pipeName));
	}

	@Override
	public SessionHandler open(PipeSession session, PipeServerInstrumentation instrumentation) {
		JsonRpcObservations observations = instrumentation.isObserving()
				? new JsonRpcObservations(instrumentation, this.status, this::isRegistered) : null;
		JsonRpcSessionHandler handler = new JsonRpcSessionHandler(session, this.reader, this.dispatcher, this.cancels,
				this.errors, instrumentation.statistics(), observations, this.timeouts);
		return (this.streaming != null) ? handler.streams(this.streaming.open(session, instrumentation)) : handler;
	}

	private boolean isRegistered(String method) {
		return this.registry.find(this.serverId, method) != null;
	}

	@Override
	public byte[] notification(String method, @Nullable Object params) {
		return this.writer.notification(method, params);
	}

	@Override
	public byte @Nullable [] frameErrorReply(FrameError error) {
		return this.errors.frameError(error);
	}

	@Override
	public byte @Nullable [] refusalReply(String reason) {
		return this.errors.refusal(reason);
	}

}
