package dev.pipeipc.server.jsonrpc;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.jsonrpc.JsonRpcMethods;
import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.codec.FrameError;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.PipeSession;

/**
 * JSON-RPC 2.0 over a pipe: validates requests, answers batches, routes each method to its
 * {@link PipeHandlerMethod}, and writes results and errors with the application's mapper.
 * <p>
 * Notifications (requests without an {@code id}) are never answered, not even with an error. A
 * handler's {@link JsonRpcException} is sent as it is; any other exception is logged here and sent
 * as {@value JsonRpcErrorCodes#INTERNAL_ERROR} without its message unless exception details are
 * enabled.
 */
public class JsonRpcProtocol implements PipeProtocol {

	private static final Log logger = LogFactory.getLog(JsonRpcProtocol.class);

	private final String serverId;

	private final String pipeName;

	private final PipeHandlerRegistry registry;

	private final Map<PipeHandlerMethod, ParameterBinder> binders = new ConcurrentHashMap<>();

	private final ObjectMapper mapper;

	private final boolean includeExceptionDetails;

	private final JsonRpcWriter writer;

	private final Map<Long, InFlightRequests> inFlight = new ConcurrentHashMap<>();

	private static final byte[] CANCEL_METHOD_BYTES = JsonRpcMethods.CANCEL_REQUEST.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

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
		this.serverId = serverId;
		this.pipeName = pipeName;
		this.registry = registry;
		this.mapper = mapper;
		this.includeExceptionDetails = includeExceptionDetails;
		this.writer = new JsonRpcWriter(mapper);
	}

	@Override
	public void handle(byte[] message, PipeSession session, Reply reply) {
		process(message, reply, (request) -> handleOne(request, session));
	}

	@Override
	public void refuse(byte[] message, String reason, Reply reply) {
		process(message, reply, (request) -> refuseOne(request, reason));
	}

	/**
	 * Parse a message and apply {@code perRequest} to the request object or to each member of a
	 * batch, then complete {@code reply} with the response or batch response (nothing when every
	 * request was a notification).
	 */
	private void process(byte[] message, Reply reply,
			Function<JsonNode, CompletableFuture<byte @Nullable []>> perRequest) {
		JsonNode root;
		try {
			root = this.mapper.readTree(message);
		}
		catch (JacksonException ex) {
			reply.complete(this.writer.error(null, JsonRpcErrorCodes.PARSE_ERROR, "Parse error",
					Map.of("reason", ex.getOriginalMessage())));
			return;
		}
		if (root == null || root.isMissingNode()) {
			reply.complete(this.writer.error(null, JsonRpcErrorCodes.PARSE_ERROR, "Parse error",
					Map.of("reason", "Message is empty")));
			return;
		}
		if (!root.isArray()) {
			perRequest.apply(root).whenComplete((body, ex) -> reply.complete(body));
			return;
		}
		if (root.isEmpty()) {
			reply.complete(this.writer.error(null, JsonRpcErrorCodes.INVALID_REQUEST, "Invalid Request",
					Map.of("reason", "Batch is empty")));
			return;
		}
		@SuppressWarnings("unchecked")
		CompletableFuture<byte @Nullable []>[] parts = new CompletableFuture[root.size()];
		for (int i = 0; i < parts.length; i++) {
			parts[i] = perRequest.apply(root.get(i));
		}
		CompletableFuture.allOf(parts).whenComplete((ignored, ex) -> reply.complete(joinBatch(parts)));
	}

	private static byte @Nullable [] joinBatch(CompletableFuture<byte @Nullable []>[] parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write('[');
		boolean any = false;
		for (CompletableFuture<byte @Nullable []> part : parts) {
			// Parts never fail (every path answers with an error object instead); a part that did
			// anyway is left out rather than leaving the whole batch unanswered.
			byte[] body = part.exceptionally((ex) -> null).join();
			if (body != null) {
				if (any) {
					out.write(',');
				}
				out.writeBytes(body);
				any = true;
			}
		}
		out.write(']');
		return any ? out.toByteArray() : null;
	}

	private CompletableFuture<byte @Nullable []> refuseOne(JsonNode request, String reason) {
		JsonRpcRequest parsed;
		try {
			parsed = JsonRpcRequest.from(request);
		}
		catch (InvalidRequestException ex) {
			return CompletableFuture.completedFuture(invalidRequest(ex));
		}
		return answer(parsed, this.writer.error(parsed.id(), JsonRpcErrorCodes.SERVER_UNAVAILABLE,
				"Server unavailable", Map.of("reason", reason)));
	}

	private byte[] invalidRequest(InvalidRequestException ex) {
		return this.writer.error(ex.getId(), JsonRpcErrorCodes.INVALID_REQUEST, "Invalid Request",
				Map.of("reason", ex.getMessage()));
	}

	/**
	 * Handle one request object; the future completes with the response, or {@code null} for a
	 * notification, and never exceptionally.
	 */
	private CompletableFuture<byte @Nullable []> handleOne(JsonNode request, PipeSession session) {
		JsonRpcRequest parsed;
		try {
			parsed = JsonRpcRequest.from(request);
		}
		catch (InvalidRequestException ex) {
			return CompletableFuture.completedFuture(invalidRequest(ex));
		}
		if (parsed.isNotification() && JsonRpcMethods.CANCEL_REQUEST.equals(parsed.method())) {
			cancel(session, parsed.params());
			return CompletableFuture.completedFuture(null);
		}
		PipeHandlerMethod endpoint = this.registry.find(this.serverId, parsed.method());
		if (endpoint == null) {
			return answer(parsed, failure(parsed, new JsonRpcException(JsonRpcErrorCodes.METHOD_NOT_FOUND,
					"Method not found", Map.of("method", parsed.method()))));
		}
		JsonNode id = parsed.id();
		if (id == null || !session.isOpen()) {
			return invoke(parsed, endpoint, session, null);
		}
		InFlightRequests inFlight = inFlight(session);
		InFlightRequests.Call call = inFlight.start(id);
		CompletableFuture<byte @Nullable []> answer = invoke(parsed, endpoint, session, call);
		if (call != null) {
			answer.whenComplete((body, ex) -> inFlight.finish(id, call));
		}
		return answer;
	}

	private ParameterBinder binder(PipeHandlerMethod endpoint) {
		return this.binders.computeIfAbsent(endpoint, ParameterBinder::new);
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
				result = endpoint.invoke(arguments);
			}
			finally {
				if (call != null) {
					call.returned();
				}
			}
		}
		catch (Throwable ex) {
			return answer(request, (call != null && call.isCancelled()) ? cancelled(request)
					: failure(request, endpoint, ex));
		}
		if (result instanceof CompletionStage<?> stage) {
			CompletableFuture<?> future = stage.toCompletableFuture();
			if (call != null) {
				call.waitingFor(future);
			}
			return future.handle((value, ex) -> complete(request, endpoint, call, value, ex));
		}
		if (call != null && call.isCancelled()) {
			return answer(request, cancelled(request));
		}
		return answer(request, success(request, (endpoint.getMethod().getReturnType() == void.class) ? null : result));
	}

	private byte @Nullable [] complete(JsonRpcRequest request, PipeHandlerMethod endpoint,
			InFlightRequests.@Nullable Call call, @Nullable Object value, @Nullable Throwable ex) {
		try {
			if (call != null && call.isCancelled()) {
				return cancelled(request);
			}
			return (ex != null) ? failure(request, endpoint, unwrap(ex)) : success(request, value);
		}
		catch (Throwable unexpected) {
			return failure(request, endpoint, unexpected);
		}
	}

	private byte @Nullable [] cancelled(JsonRpcRequest request) {
		return request.isNotification() ? null
				: this.writer.error(request.id(), JsonRpcErrorCodes.REQUEST_CANCELLED, "Request cancelled",
						Map.of("method", request.method()));
	}

	private InFlightRequests inFlight(PipeSession session) {
		return this.inFlight.computeIfAbsent(session.id(), (key) -> new InFlightRequests());
	}

	private void cancel(PipeSession session, @Nullable JsonNode params) {
		JsonNode id = (params != null) ? params.get("id") : null;
		if (id == null || !session.isOpen()) {
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Pipe '" + this.pipeName + "' cancels request " + id + " of session " + session.id());
		}
		inFlight(session).cancel(id);
	}

	/**
	 * Handle a {@code $/cancelRequest} notification right away, on the I/O thread, so a cancel is
	 * never stuck behind the work it should stop. Anything else is left to {@link #handle}.
	 */
	@Override
	public boolean handleInline(byte[] message, PipeSession session) {
		if (message.length > 256 || !contains(message, CANCEL_METHOD_BYTES)) {
			return false;
		}
		JsonNode node;
		try {
			node = this.mapper.readTree(message);
		}
		catch (JacksonException ex) {
			return false;
		}
		JsonRpcRequest request;
		try {
			request = JsonRpcRequest.from(node);
		}
		catch (InvalidRequestException ex) {
			return false;
		}
		if (!request.isNotification() || !JsonRpcMethods.CANCEL_REQUEST.equals(request.method())) {
			return false;
		}
		cancel(session, request.params());
		return true;
	}

	private static boolean contains(byte[] message, byte[] part) {
		outer: for (int i = 0; i <= message.length - part.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (message[i + j] != part[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	@Override
	public void sessionClosed(PipeSession session) {
		InFlightRequests requests = this.inFlight.remove(session.id());
		if (requests != null) {
			requests.cancelAll();
		}
	}

	@Override
	public byte[] notification(String method, @Nullable Object params) {
		return this.writer.notification(method, params);
	}

	private static CompletableFuture<byte @Nullable []> answer(JsonRpcRequest request, byte @Nullable [] body) {
		return CompletableFuture.completedFuture(request.isNotification() ? null : body);
	}

	private byte @Nullable [] success(JsonRpcRequest request, @Nullable Object value) {
		if (request.isNotification()) {
			return null;
		}
		try {
			return this.writer.result(request.id(), value);
		}
		catch (JacksonException ex) {
			logger.error("Pipe '" + this.pipeName + "' could not serialize the result of method '" + request.method()
					+ "'", ex);
			return this.writer.error(request.id(), JsonRpcErrorCodes.INTERNAL_ERROR, "Internal error",
					details(ex));
		}
	}

	private byte @Nullable [] failure(JsonRpcRequest request, PipeHandlerMethod endpoint, Throwable ex) {
		if (!(ex instanceof JsonRpcException)) {
			logger.error("Pipe '" + this.pipeName + "' handler " + endpoint.describe() + " failed", ex);
			return request.isNotification() ? null : this.writer.error(request.id(),
					JsonRpcErrorCodes.INTERNAL_ERROR, "Internal error", details(ex));
		}
		return failure(request, (JsonRpcException) ex);
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

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	@Override
	public byte @Nullable [] frameErrorReply(FrameError error) {
		int code = (error.kind() == FrameError.Kind.MALFORMED_HEADER) ? JsonRpcErrorCodes.PARSE_ERROR
				: JsonRpcErrorCodes.INVALID_REQUEST;
		return this.writer.error(null, code, (code == JsonRpcErrorCodes.PARSE_ERROR) ? "Parse error" : "Invalid Request",
				Map.of("reason", error.message()));
	}

	@Override
	public byte @Nullable [] refusalReply(String reason) {
		return this.writer.error(null, JsonRpcErrorCodes.SERVER_UNAVAILABLE, "Server unavailable",
				Map.of("reason", reason));
	}

}
