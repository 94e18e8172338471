package dev.pipeipc.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.pipeipc.transport.ClientChannel;
import dev.pipeipc.transport.unix.UnixClientChannel;
import dev.pipeipc.transport.windows.NamedPipeClientChannel;
import dev.pipeipc.codec.FrameDecoder;
import dev.pipeipc.codec.FrameError;
import dev.pipeipc.codec.FrameSink;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.transport.PipeAddresses;
import dev.pipeipc.transport.windows.NamedPipeApi;

/**
 * A JSON-RPC client for one pipe. Thread-safe: any number of calls may be in flight on its one
 * connection at once; answers are matched by id, in whatever order the server sends them.
 * <pre class="code">
 * try (PipeClient client = PipeClient.builder("orders").build()) {
 *     Order order = client.call("orders.get", List.of(42), Order.class);
 *     CompletableFuture&lt;List&lt;Order&gt;&gt; open = client.callAsync("orders.find",
 *             Map.of("item", "coffee"), new ParameterizedTypeReference&lt;List&lt;Order&gt;&gt;() {});
 * }
 * </pre>
 * Params are sent as they serialize: a {@link Collection} or array as positional params, a map or
 * an object as named params, {@code null} as no params (wrap a single value in {@code List.of}).
 * <p>
 * Errors the server answers with throw {@link JsonRpcException} (code, message, data). A
 * connection that closes or breaks fails every pending call at once with
 * {@link PipeClosedException}; with {@linkplain Builder#reconnect reconnect} enabled the next call
 * connects again, with backoff. Cancelling a returned future, or a request timeout, sends
 * {@code $/cancelRequest} so the server stops working on it.
 */
public final class PipeClient implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(PipeClient.class);

	/** Method of the cancellation notification (the LSP convention). */
	public static final String CANCEL_METHOD = dev.pipeipc.jsonrpc.JsonRpcMethods.CANCEL_REQUEST;

	private final String pipeName;

	private final String address;

	private final Framing framing;

	private final ObjectMapper mapper;

	private final Duration connectTimeout;

	private final @Nullable Duration requestTimeout;

	private final @Nullable Duration reconnectBackoff;

	private final Duration maxReconnectBackoff;

	private final @Nullable NamedPipeApi namedPipeApi;

	private final int maxMessageSize;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Pending<?>> pending = new ConcurrentHashMap<>();

	private final Map<String, List<Consumer<JsonNode>>> listeners = new ConcurrentHashMap<>();

	private final ExecutorService notificationExecutor;

	private final Object connectLock = new Object();

	private volatile @Nullable Connection connection;

	private volatile boolean closed;

	private long nextReconnectNanos;

	private Duration currentBackoff;

	private PipeClient(Builder builder) {
		this.pipeName = builder.pipe;
		this.framing = builder.framing;
		this.mapper = (builder.mapper != null) ? builder.mapper : JsonMapper.builder().build();
		this.connectTimeout = builder.connectTimeout;
		this.requestTimeout = builder.requestTimeout;
		this.reconnectBackoff = builder.reconnectBackoff;
		this.maxReconnectBackoff = builder.maxReconnectBackoff;
		this.namedPipeApi = builder.namedPipeApi;
		this.maxMessageSize = builder.maxMessageSize;
		this.address = (this.namedPipeApi != null) ? PipeAddresses.windowsPipeName(builder.pipe)
				: PipeAddresses.unixSocketPath(builder.pipe, builder.directory, System.getenv("XDG_RUNTIME_DIR"));
		this.currentBackoff = (this.reconnectBackoff != null) ? this.reconnectBackoff : Duration.ZERO;
		this.notificationExecutor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "pipe-client-" + this.pipeName + "-notifications");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Start configuring a client.
	 * @param pipe the pipe name (resolved like the server's {@code pipe.server.name}) or path
	 * @return the builder
	 */
	public static Builder builder(String pipe) {
		return new Builder(pipe);
	}

	/**
	 * The address this client connects to.
	 * @return a socket path or a {@code \\.\pipe\} name
	 */
	public String getAddress() {
		return this.address;
	}

	/**
	 * Connect now rather than on the first call.
	 * @return this client
	 * @throws PipeConnectException if no connection can be made within the connect timeout
	 */
	public PipeClient connect() {
		connection();
		return this;
	}

	/**
	 * Whether the client has a live connection.
	 * @return {@code true} if connected
	 */
	public boolean isConnected() {
		Connection current = this.connection;
		return current != null && current.open;
	}

	// ---------------------------------------------------------------- calls

	/**
	 * Call a method and wait for its result.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param resultType the result type
	 * @return the result
	 * @throws JsonRpcException if the server answered with an error
	 * @throws PipeClientException if the call failed on the client's side
	 */
	public <T> @Nullable T call(String method, @Nullable Object params, Class<T> resultType) {
		return await(callAsync(method, params, resultType));
	}

	/**
	 * Call a method with a generic result type and wait for its result.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param resultType the result type, such as {@code new ParameterizedTypeReference<List<Order>>() {}}
	 * @return the result
	 */
	public <T> @Nullable T call(String method, @Nullable Object params, ParameterizedTypeReference<T> resultType) {
		return await(callAsync(method, params, resultType));
	}

	/**
	 * Call a method without waiting.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param resultType the result type
	 * @return the result, when it arrives; cancelling it sends {@code $/cancelRequest}
	 */
	public <T> CompletableFuture<T> callAsync(String method, @Nullable Object params, Class<T> resultType) {
		return callAsync(method, params, (Type) resultType);
	}

	/**
	 * Call a method with a generic result type without waiting.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param resultType the result type
	 * @return the result, when it arrives; cancelling it sends {@code $/cancelRequest}
	 */
	public <T> CompletableFuture<T> callAsync(String method, @Nullable Object params,
			ParameterizedTypeReference<T> resultType) {
		return callAsync(method, params, resultType.getType());
	}

	/**
	 * Call a method with a result of any {@link Type} without waiting.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param resultType the result type ({@code void} or {@code Void} for results not read)
	 * @return the result, when it arrives; cancelling it sends {@code $/cancelRequest}
	 */
	public <T> CompletableFuture<T> callAsync(String method, @Nullable Object params, Type resultType) {
		Pending<T> call = newPending(method, resultType);
		try {
			send(request(call.id, method, params));
		}
		catch (RuntimeException ex) {
			this.pending.remove(call.id);
			call.future.completeExceptionally(ex);
		}
		return call.future;
	}

	/**
	 * Send a notification: a call the server never answers.
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 */
	public void notify(String method, @Nullable Object params) {
		send(request(null, method, params));
	}

	/**
	 * Start a batch: calls and notifications sent together as one JSON-RPC batch.
	 * @return the batch
	 */
	public Batch batch() {
		return new Batch();
	}

	/**
	 * Listen to a notification the server pushes. Listeners run one at a time, in arrival order, on
	 * a thread of the client's.
	 * @param method the notification's method name
	 * @param listener receives the notification's params (a missing node when it has none)
	 * @return a handle to stop listening
	 */
	public Subscription onNotification(String method, Consumer<JsonNode> listener) {
		List<Consumer<JsonNode>> methodListeners = this.listeners.computeIfAbsent(method,
				(key) -> new CopyOnWriteArrayList<>());
		methodListeners.add(listener);
		return () -> methodListeners.remove(listener);
	}

	/**
	 * Listen to a notification the server pushes, converting its params.
	 * @param <T> the params type
	 * @param method the notification's method name
	 * @param type what to convert the params to
	 * @param listener receives the converted params
	 * @return a handle to stop listening
	 */
	public <T> Subscription onNotification(String method, Class<T> type, Consumer<T> listener) {
		return onNotification(method, (params) -> listener.accept(this.mapper.treeToValue(params, type)));
	}

	/**
	 * Stops a notification listener.
	 */
	@FunctionalInterface
	public interface Subscription {

		/**
		 * Stop listening.
		 */
		void cancel();

	}

	private <T> Pending<T> newPending(String method, Type resultType) {
		long id = this.ids.incrementAndGet();
		Pending<T> call = new Pending<>(id, method, this.mapper.constructType(resultType));
		this.pending.put(id, call);
		call.future.whenComplete((value, ex) -> {
			if (call.future.isCancelled() && this.pending.remove(id) != null) {
				sendCancel(id);
			}
		});
		if (this.requestTimeout != null) {
			Executor delayed = CompletableFuture.delayedExecutor(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
			delayed.execute(() -> {
				if (this.pending.remove(id) != null && call.future.completeExceptionally(new PipeTimeoutException(
						"Method '" + method + "' on pipe '" + this.pipeName + "' did not answer within "
								+ this.requestTimeout.toMillis() + " ms"))) {
					sendCancel(id);
				}
			});
		}
		return call;
	}

	private void sendCancel(long id) {
		try {
			notify(CANCEL_METHOD, Map.of("id", id));
		}
		catch (PipeClientException ex) {
			// The connection is gone, and with it the request.
		}
	}

	private ObjectNode request(@Nullable Long id, String method, @Nullable Object params) {
		ObjectNode request = this.mapper.createObjectNode();
		request.put("jsonrpc", "2.0");
		if (id != null) {
			request.put("id", id);
		}
		request.put("method", method);
		if (params != null) {
			request.set("params", params(params));
		}
		return request;
	}

	private JsonNode params(Object params) {
		if (params instanceof JsonNode node) {
			return node;
		}
		JsonNode node = this.mapper.valueToTree(params);
		if (node.isArray() || node.isObject()) {
			return node;
		}
		ArrayNode single = this.mapper.createArrayNode();
		single.add(node);
		return single;
	}

	private void send(JsonNode message) {
		if (this.closed) {
			throw new PipeClosedException("Client of pipe '" + this.pipeName + "' is closed");
		}
		byte[] body = this.mapper.writeValueAsBytes(message);
		if (body.length > this.maxMessageSize) {
			throw new PipeClientException("Request of " + body.length + " bytes to pipe '" + this.pipeName
					+ "' exceeds the maximum message size of " + this.maxMessageSize + " bytes");
		}
		Connection current = connection();
		try {
			current.channel.write(this.framing.encode(body));
		}
		catch (IOException ex) {
			current.lost(ex);
			throw new PipeClosedException("Connection to pipe '" + this.pipeName + "' broke while sending", ex);
		}
	}

	static <T> @Nullable T await(CompletableFuture<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new PipeClientException("Interrupted while waiting for an answer from a pipe", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new PipeClientException(String.valueOf(cause), cause);
		}
	}

	// ---------------------------------------------------------------- connection

	private Connection connection() {
		Connection current = this.connection;
		if (current != null && current.open) {
			return current;
		}
		synchronized (this.connectLock) {
			current = this.connection;
			if (current != null && current.open) {
				return current;
			}
			if (this.closed) {
				throw new PipeClosedException("Client of pipe '" + this.pipeName + "' is closed");
			}
			if (current != null && this.reconnectBackoff == null) {
				throw new PipeClosedException("Connection to pipe '" + this.pipeName
						+ "' is closed and reconnecting is not enabled");
			}
			waitForBackoff();
			try {
				current = new Connection(open());
				this.currentBackoff = (this.reconnectBackoff != null) ? this.reconnectBackoff : Duration.ZERO;
			}
			catch (PipeConnectException ex) {
				scheduleBackoff();
				throw ex;
			}
			this.connection = current;
			current.start();
			return current;
		}
	}

	private void waitForBackoff() {
		long wait = this.nextReconnectNanos - System.nanoTime();
		if (wait > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new PipeClientException("Interrupted while waiting to reconnect", ex);
			}
		}
	}

	private void scheduleBackoff() {
		if (this.reconnectBackoff == null) {
			return;
		}
		this.nextReconnectNanos = System.nanoTime() + this.currentBackoff.toNanos();
		Duration doubled = this.currentBackoff.multipliedBy(2);
		this.currentBackoff = (doubled.compareTo(this.maxReconnectBackoff) > 0) ? this.maxReconnectBackoff : doubled;
	}

	/**
	 * Open a channel, retrying while the pipe is missing or busy until the connect timeout.
	 */
	private ClientChannel open() {
		long deadline = System.nanoTime() + this.connectTimeout.toNanos();
		long pause = 10;
		while (true) {
			try {
				if (this.namedPipeApi != null) {
					return NamedPipeClientChannel.connect(this.namedPipeApi, this.address, this.framing == Framing.MESSAGE,
							deadline);
				}
				return UnixClientChannel.connect(Path.of(this.address));
			}
			catch (IOException ex) {
				if (System.nanoTime() - deadline >= 0) {
					throw new PipeConnectException("Cannot connect to pipe '" + this.pipeName + "' at '" + this.address
							+ "' within " + this.connectTimeout.toMillis() + " ms: " + ex.getMessage()
							+ ". Is the server running?", ex);
				}
				try {
					Thread.sleep(pause);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new PipeConnectException("Interrupted while connecting to pipe '" + this.pipeName + "'", ex);
				}
				pause = Math.min(pause * 2, 200);
			}
		}
	}

	/**
	 * Close the connection; every pending call fails with {@link PipeClosedException}.
	 */
	@Override
	public void close() {
		PipeClosedException failure = new PipeClosedException("Client of pipe '" + this.pipeName + "' was closed");
		Connection current;
		List<Long> inFlight = List.of();
		synchronized (this.connectLock) {
			current = this.connection;
			if (!this.closed && current != null && current.open) {
				inFlight = List.copyOf(this.pending.keySet());
			}
			this.closed = true;
		}
		// Callers learn of the close first; an answer to a cancel below then finds no call waiting.
		failAll(failure);
		if (current != null) {
			cancel(current, inFlight);
			current.close(failure);
		}
		this.notificationExecutor.shutdown();
	}

	/**
	 * Ask the server to stop what it still runs for this client: on a Unix socket a closing
	 * client looks like one that only half-closed, whose requests the server keeps serving.
	 */
	private void cancel(Connection current, List<Long> ids) {
		for (Long id : ids) {
			try {
				byte[] cancel = this.mapper.writeValueAsBytes(request(null, CANCEL_METHOD, Map.of("id", id)));
				current.channel.write(this.framing.encode(cancel));
			}
			catch (IOException ex) {
				break;
			}
		}
	}

	@Override
	public String toString() {
		return "PipeClient for pipe '" + this.pipeName + "' at " + this.address;
	}

	// ---------------------------------------------------------------- incoming

	private void receive(byte[] body) {
		JsonNode message;
		try {
			message = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			logger.warn("Pipe '" + this.pipeName + "' sent a message that is not JSON; ignoring it", ex);
			return;
		}
		if (message.isArray()) {
			for (JsonNode element : message) {
				receiveOne(element);
			}
		}
		else {
			receiveOne(message);
		}
	}

	private void receiveOne(JsonNode message) {
		JsonNode id = message.get("id");
		if (id == null && message.has("method")) {
			dispatchNotification(message.path("method").asString(), message.path("params"));
			return;
		}
		if (id == null || id.isNull()) {
			JsonNode error = message.path("error");
			JsonRpcException failure = toException(error);
			logger.warn("Pipe '" + this.pipeName + "' reported an error for no particular call: " + failure.getMessage());
			if (failure.getCode() == dev.pipeipc.jsonrpc.JsonRpcErrorCodes.SERVER_UNAVAILABLE) {
				failAll(failure);
			}
			return;
		}
		Pending<?> call = id.isIntegralNumber() ? this.pending.remove(id.asLong()) : null;
		if (call == null) {
			logger.debug("Pipe '" + this.pipeName + "' answered unknown or abandoned call " + id);
			return;
		}
		if (message.has("error")) {
			call.future.completeExceptionally(toException(message.get("error")));
		}
		else {
			call.complete(message.path("result"), this.mapper);
		}
	}

	private static JsonRpcException toException(JsonNode error) {
		JsonNode data = error.get("data");
		return new JsonRpcException(error.path("code").asInt(), error.path("message").asString(""),
				(data != null && !data.isNull()) ? data : null);
	}

	private void dispatchNotification(String method, JsonNode params) {
		List<Consumer<JsonNode>> methodListeners = this.listeners.get(method);
		if (methodListeners == null || methodListeners.isEmpty()) {
			logger.debug("Pipe '" + this.pipeName + "' sent notification '" + method + "' that nobody listens to");
			return;
		}
		try {
			this.notificationExecutor.execute(() -> {
				for (Consumer<JsonNode> listener : methodListeners) {
					try {
						listener.accept(params);
					}
					catch (RuntimeException ex) {
						logger.error("Listener for notification '" + method + "' of pipe '" + this.pipeName + "' failed",
								ex);
					}
				}
			});
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			// The client is closing.
		}
	}

	private void failAll(RuntimeException failure) {
		for (Long id : List.copyOf(this.pending.keySet())) {
			Pending<?> call = this.pending.remove(id);
			if (call != null) {
				call.future.completeExceptionally(failure);
			}
		}
	}

	/**
	 * One open connection and its reader thread.
	 */
	private final class Connection implements FrameSink {

		final ClientChannel channel;

		volatile boolean open = true;

		private final FrameDecoder decoder;

		private final Thread reader;

		Connection(ClientChannel channel) {
			this.channel = channel;
			this.decoder = PipeClient.this.framing.newDecoder(PipeClient.this.maxMessageSize);
			this.reader = new Thread(this::readLoop, "pipe-client-" + PipeClient.this.pipeName + "-reader");
			this.reader.setDaemon(true);
		}

		void start() {
			this.reader.start();
		}

		private void readLoop() {
			ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
			ByteArrayOutputStream message = new ByteArrayOutputStream();
			boolean messageFraming = PipeClient.this.framing == Framing.MESSAGE;
			try {
				while (this.open) {
					buffer.clear();
					int n = this.channel.read(buffer);
					if (n < 0) {
						lost(null);
						return;
					}
					buffer.flip();
					if (!messageFraming) {
						this.decoder.decode(buffer, this);
						continue;
					}
					message.write(buffer.array(), 0, buffer.limit());
					if (!this.channel.messageContinues()) {
						this.decoder.decode(ByteBuffer.wrap(message.toByteArray()), this);
						message.reset();
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				lost(ex);
			}
		}

		@Override
		public void onFrame(byte[] message) {
			receive(message);
		}

		@Override
		public void onFrameError(FrameError error) {
			// An answer that cannot be read cannot be matched to its call either: fail them all
			// rather than leave one waiting forever.
			logger.warn("Pipe '" + PipeClient.this.pipeName + "' sent a frame that cannot be read: " + error.message());
			lost(new IOException(error.message()));
		}

		void lost(@Nullable Throwable cause) {
			String message = "Connection to pipe '" + PipeClient.this.pipeName + "' "
					+ ((cause != null) ? "broke: " + cause.getMessage() : "was closed by the server");
			close((cause != null) ? new PipeClosedException(message, cause) : new PipeClosedException(message));
		}

		private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

		void close(PipeClosedException failure) {
			if (!this.closing.compareAndSet(false, true)) {
				return;
			}
			this.open = false;
			this.channel.close();
			failAll(failure);
		}

	}

	/**
	 * A call waiting for its answer.
	 */
	private static final class Pending<T> {

		final long id;

		final String method;

		final JavaType resultType;

		final CompletableFuture<T> future = new CompletableFuture<>();

		Pending(long id, String method, JavaType resultType) {
			this.id = id;
			this.method = method;
			this.resultType = resultType;
		}

		@SuppressWarnings("unchecked")
		void complete(JsonNode result, ObjectMapper mapper) {
			Class<?> raw = this.resultType.getRawClass();
			if (raw == void.class || raw == Void.class) {
				this.future.complete(null);
				return;
			}
			try {
				this.future.complete((T) mapper.treeToValue(result, this.resultType));
			}
			catch (JacksonException ex) {
				this.future.completeExceptionally(new PipeClientException("Result of method '" + this.method
						+ "' cannot be read as " + this.resultType.toCanonical() + ": " + ex.getOriginalMessage(), ex));
			}
		}

	}

	/**
	 * Calls and notifications sent together as one JSON-RPC batch.
	 */
	public final class Batch {

		private final ArrayNode requests = PipeClient.this.mapper.createArrayNode();

		private final List<Pending<?>> calls = new ArrayList<>();

		private Batch() {
		}

		/**
		 * Add a call.
		 * @param <T> the result type
		 * @param method the method name
		 * @param params the params, or {@code null} for none
		 * @param resultType the result type
		 * @return the result, once the batch is sent and answered
		 */
		public <T> CompletableFuture<T> call(String method, @Nullable Object params, Class<T> resultType) {
			Pending<T> call = newPending(method, resultType);
			this.calls.add(call);
			this.requests.add(request(call.id, method, params));
			return call.future;
		}

		/**
		 * Add a notification.
		 * @param method the method name
		 * @param params the params, or {@code null} for none
		 * @return this batch
		 */
		public Batch notify(String method, @Nullable Object params) {
			this.requests.add(request(null, method, params));
			return this;
		}

		/**
		 * Send the batch.
		 */
		public void send() {
			if (this.requests.isEmpty()) {
				return;
			}
			try {
				PipeClient.this.send(this.requests);
			}
			catch (RuntimeException ex) {
				for (Pending<?> call : this.calls) {
					PipeClient.this.pending.remove(call.id);
					call.future.completeExceptionally(ex);
				}
				throw ex;
			}
		}

	}

	/**
	 * Configures a {@link PipeClient}.
	 */
	public static final class Builder {

		private final String pipe;

		private @Nullable String directory;

		private Framing framing = Framing.CONTENT_LENGTH;

		private @Nullable ObjectMapper mapper;

		private Duration connectTimeout = Duration.ofSeconds(5);

		private @Nullable Duration requestTimeout;

		private @Nullable Duration reconnectBackoff;

		private Duration maxReconnectBackoff = Duration.ofSeconds(5);

		private @Nullable NamedPipeApi namedPipeApi;

		private int maxMessageSize = 16 * 1024 * 1024;

		private Builder(String pipe) {
			this.pipe = pipe;
			if (PipeAddresses.isWindows()) {
				this.namedPipeApi = new dev.pipeipc.transport.windows.JnaNamedPipeApi();
			}
		}

		/**
		 * Directory of the socket on Unix (as {@code pipe.server.directory}).
		 * @param directory the directory
		 * @return this builder
		 */
		public Builder directory(@Nullable String directory) {
			this.directory = directory;
			return this;
		}

		/**
		 * The framing the server speaks; {@code content-length} by default.
		 * @param framing the framing
		 * @return this builder
		 */
		public Builder framing(Framing framing) {
			this.framing = framing;
			return this;
		}

		/**
		 * The mapper for params and results; a plain {@link JsonMapper} by default.
		 * @param mapper the mapper
		 * @return this builder
		 */
		public Builder mapper(ObjectMapper mapper) {
			this.mapper = mapper;
			return this;
		}

		/**
		 * How long to keep trying to connect while the pipe is missing or busy; 5 seconds by
		 * default.
		 * @param connectTimeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * How long to wait for each answer; unset waits indefinitely.
		 * @param requestTimeout the timeout, or {@code null}
		 * @return this builder
		 */
		public Builder requestTimeout(@Nullable Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
			return this;
		}

		/**
		 * Reconnect on the next call after the connection was lost, waiting {@code initial} after a
		 * failed attempt, doubling up to {@code max}. Off by default: a lost connection stays lost.
		 * @param initial the first backoff
		 * @param max the longest backoff
		 * @return this builder
		 */
		public Builder reconnect(Duration initial, Duration max) {
			this.reconnectBackoff = initial;
			this.maxReconnectBackoff = max;
			return this;
		}

		/**
		 * The Win32 calls to use for {@code \\.\pipe\} names; JNA's on Windows. Setting one makes
		 * the client use Win32 named pipes.
		 * @param namedPipeApi the Win32 calls
		 * @return this builder
		 */
		public Builder namedPipeApi(@Nullable NamedPipeApi namedPipeApi) {
			this.namedPipeApi = namedPipeApi;
			return this;
		}

		/**
		 * The largest answer accepted, 16 MiB by default.
		 * @param maxMessageSize the size in bytes
		 * @return this builder
		 */
		public Builder maxMessageSize(int maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
			return this;
		}

		/**
		 * Create the client; it connects on {@link PipeClient#connect()} or the first call.
		 * @return the client
		 */
		public PipeClient build() {
			return new PipeClient(this);
		}

	}

}
