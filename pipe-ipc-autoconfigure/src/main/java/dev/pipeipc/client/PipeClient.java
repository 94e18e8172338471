package dev.pipeipc.client;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonReadLimits;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.transport.PipeAddresses;
import dev.pipeipc.transport.windows.JnaNamedPipeApi;
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
 * connection that closes or breaks fails every call pending on it at once with
 * {@link PipeClosedException}; with {@linkplain Builder#reconnect reconnect} enabled the next call
 * connects again, with backoff. {@code callAsync} never waits for a connection: it connects on
 * another thread and sends the call once connected. Cancelling a returned future, or a request
 * timeout, sends {@code $/cancelRequest} so the server stops working on it.
 * <p>
 * The client is a facade over small parts: {@link RequestEncoder} writes requests,
 * {@link ConnectionSource} connects ({@link ConnectRetry}) and reconnects
 * ({@link ReconnectBackoff}), {@link RequestSender} puts requests on the connection, each
 * {@link Connection} owns its reader ({@link ChannelReader}) and its {@link PendingCalls},
 * {@link ResponseRouter} matches answers to calls and hands notifications to
 * {@link NotificationListeners}, {@link RequestTimeout} times calls out, and {@link PipeBatch}
 * collects a batch.
 * <p>
 * The file is over 400 lines because the public {@link Builder} (about 180 lines of documented
 * options) is nested here, as users and the auto-configuration reach it through
 * {@code PipeClient.builder(...)}, and because each way of calling (call, callAsync, stream,
 * streamPublisher, notify, batch) has its overloads for a {@code Class}, a
 * {@code ParameterizedTypeReference} and a {@code Type}, each with its Javadoc; every overload is
 * a line or two that delegates to a class of its own ({@code RemoteStreams} for streams,
 * {@code ProgressListeners} for progress).
 */
public final class PipeClient implements AutoCloseable {

	private final String pipeName;

	private final String address;

	private final ObjectMapper mapper;

	private final RequestEncoder encoder;

	private final RequestTimeout requestTimeout;

	private final NotificationListeners listeners;

	private final ProgressListeners progress;

	private final ConnectionSource connections;

	private final RequestSender sender;

	private final AtomicLong ids = new AtomicLong();

	private final PipeCallObserver callObserver;

	private final String transport;

	private PipeClient(Builder builder) {
		this.pipeName = builder.pipe;
		this.mapper = (builder.mapper != null) ? builder.mapper : JsonMapper.builder().build();
		this.address = (builder.namedPipeApi != null) ? PipeAddresses.windowsPipeName(builder.pipe)
				: PipeAddresses.unixSocketPath(builder.pipe, builder.directory, System.getenv("XDG_RUNTIME_DIR"));
		this.encoder = new RequestEncoder(this.pipeName, this.mapper, builder.framing, builder.maxMessageSize);
		this.requestTimeout = new RequestTimeout(this.pipeName, builder.requestTimeout);
		this.listeners = new NotificationListeners(this.pipeName);
		this.progress = new ProgressListeners(this.pipeName, this.mapper, this.listeners);
		ResponseRouter router = new ResponseRouter(this.pipeName, this.mapper, builder.readLimits, this.listeners);
		ChannelConnector connector = (builder.connector != null) ? builder.connector
				: ChannelConnector.forAddress(this.address, builder.namedPipeApi, builder.framing, builder.maxMessageSize,
						builder.serverUser);
		ConnectRetry connectRetry = new ConnectRetry(this.pipeName, this.address, builder.connectTimeout, connector);
		ReconnectBackoff backoff = (builder.reconnectBackoff != null)
				? new ReconnectBackoff(builder.reconnectBackoff, builder.maxReconnectBackoff) : null;
		Framing framing = builder.framing;
		int maxMessageSize = builder.maxMessageSize;
		this.connections = new ConnectionSource(this.pipeName, connectRetry, backoff,
				(channel) -> new Connection(this.pipeName, channel, framing.newDecoder(maxMessageSize), this.encoder,
						router));
		this.sender = new RequestSender(this.connections);
		this.callObserver = builder.callObserver;
		this.transport = (builder.namedPipeApi != null) ? "pipe" : "unix";
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
	 * Connect now rather than on the first call, waiting until connected.
	 * @return this client
	 * @throws PipeConnectException if no connection can be made within the connect timeout
	 * @throws PipeClosedException if the client is closed, or its connection was lost and
	 * reconnecting is not enabled
	 */
	public PipeClient connect() {
		this.sender.connect();
		return this;
	}

	/**
	 * Whether the client has a live connection.
	 * @return {@code true} if connected
	 */
	public boolean isConnected() {
		return this.connections.isConnected();
	}

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
		return call(method, params, (Type) resultType);
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
		return call(method, params, resultType.getType());
	}

	/**
	 * Call and wait, reading the answer on this thread when nobody else reads the connection.
	 */
	private <T> @Nullable T call(String method, @Nullable Object params, Type resultType) {
		PendingCall<T> call = newCall(method, resultType);
		ProgressListeners.CallProgress progress = this.progress.prepare(method, params);
		if (progress != null) {
			// Progress listeners need the tracked future; their answers are read as callAsync's.
			CompletableFuture<T> result = progress.track(call.future());
			ByteBuffer[] frame = encode(call, method, progress.params());
			if (frame != null) {
				this.sender.send(call, frame);
			}
			return Blocking.await(result);
		}
		ByteBuffer[] frame = encode(call, method, params);
		return (frame != null) ? this.sender.call(call, frame) : Blocking.await(call.future());
	}

	/**
	 * Call a method without waiting, not even for a connection.
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
	 * Call a method with a generic result type without waiting, not even for a connection.
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
	 * Call a method with a result of any {@link Type} without waiting, not even for a connection.
	 * A {@code PipeProgress} or {@link Consumer} among the params, of this and every call method,
	 * receives the call's {@code $/progress} values; see {@link dev.pipeipc.jsonrpc.PipeProgress}.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param resultType the result type ({@code void} or {@code Void} for results not read)
	 * @return the result, when it arrives; cancelling it sends {@code $/cancelRequest}
	 */
	public <T> CompletableFuture<T> callAsync(String method, @Nullable Object params, Type resultType) {
		PendingCall<T> call = newCall(method, resultType);
		ProgressListeners.CallProgress progress = this.progress.prepare(method, params);
		Object sent = (progress != null) ? progress.params() : params;
		CompletableFuture<T> result = (progress != null) ? progress.track(call.future()) : call.future();
		ByteBuffer[] frame = encode(call, method, sent);
		if (frame != null) {
			this.sender.send(call, frame);
		}
		return result;
	}

	/**
	 * Start observing a call and encode its request.
	 * @return the frame, or {@code null} if it cannot be encoded (the call has failed)
	 */
	private ByteBuffer @Nullable [] encode(PendingCall<?> call, String method, @Nullable Object params) {
		ObservedCall observed = observe(method, call);
		try {
			return (observed == ObservedCall.NONE) ? this.encoder.call(call.id(), method, params)
					: this.encoder.call(call.id(), method, params, observed.requestMembers());
		}
		catch (RuntimeException ex) {
			call.fail(ex);
			return null;
		}
	}

	/**
	 * Call a method that answers a stream (StreamJsonRpc's async-enumerable protocol: a result
	 * {@code {"token": ..., "values": [...]}}, more values pulled with {@code $/enumerator/next}),
	 * and consume its values as they are pulled. The call is sent now; the values are pulled as
	 * the stream is consumed, one batch at a time, so memory stays bounded however long the stream.
	 * Close the stream (try-with-resources) if it may be left before its end: closing sends
	 * {@code $/enumerator/abort} so the server releases it (one left unclosed is aborted once
	 * garbage-collected). Reading blocks; each pull times out with the client's request timeout.
	 * A server error, before or after some values, is thrown by the read that reaches it, as the
	 * exceptions of {@link #call} are. For a {@code Flux}, see
	 * {@link dev.pipeipc.client.reactive.ReactivePipeClient}.
	 * @param <T> the element type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param elementType the type of each value
	 * @return the values, in order
	 */
	public <T> Stream<T> stream(String method, @Nullable Object params, Class<T> elementType) {
		return stream(method, params, (Type) elementType);
	}

	/**
	 * Call a method that answers a stream, with a generic element type; as
	 * {@link #stream(String, Object, Class)}.
	 * @param <T> the element type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param elementType the type of each value
	 * @return the values, in order
	 */
	public <T> Stream<T> stream(String method, @Nullable Object params, ParameterizedTypeReference<T> elementType) {
		return stream(method, params, elementType.getType());
	}

	/**
	 * Call a method that answers a stream, with an element type of any {@link Type}; as
	 * {@link #stream(String, Object, Class)}.
	 * @param <T> the element type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param elementType the type of each value
	 * @return the values, in order
	 */
	public <T> Stream<T> stream(String method, @Nullable Object params, Type elementType) {
		return new RemoteStreams(this, this.mapper, this.pipeName).stream(method, params, elementType);
	}

	/**
	 * A method's stream as a JDK {@link Flow.Publisher}, for any Reactive Streams library without
	 * this client depending on one: each subscription sends its own call, {@code request(n)} pulls
	 * {@code $/enumerator/next} while demand is left and nothing is buffered, {@code cancel} sends
	 * {@code $/enumerator/abort} (and {@code $/cancelRequest} while the call is in flight). Values are
	 * delivered on the caller of {@code request} or on the client's reading thread.
	 * {@link dev.pipeipc.client.reactive.ReactivePipeClient} offers it as a {@code Flux}.
	 * @param <T> the element type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param elementType the type of each value ({@code null} values fail the subscription)
	 * @return the publisher
	 */
	public <T> Flow.Publisher<T> streamPublisher(String method, @Nullable Object params, Type elementType) {
		return new RemoteStreams(this, this.mapper, this.pipeName).publisher(method, params, elementType);
	}

	/**
	 * Send a notification: a call the server never answers. Waits until it is written.
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @throws PipeClientException if it cannot be sent
	 */
	public void notify(String method, @Nullable Object params) {
		if (this.callObserver == PipeCallObserver.NONE) {
			this.sender.write(this.encoder.notification(method, params));
			return;
		}
		ObservedCall observed = observeNotification(method);
		try {
			this.sender.write(this.encoder.notification(method, params, observed.requestMembers()));
		}
		catch (RuntimeException ex) {
			observed.finish(ObservedCall.NO_RESPONSE, ex);
			throw ex;
		}
		observed.finish(ObservedCall.NO_RESPONSE, null);
	}

	/**
	 * Start a batch: calls and notifications sent together as one JSON-RPC batch.
	 * @return the batch
	 */
	public PipeBatch batch() {
		return new PipeBatch(this, this.encoder, this.sender);
	}

	/**
	 * Listen to a notification the server pushes. Listeners run one at a time, in arrival order, on
	 * a thread of the client's.
	 * @param method the notification's method name
	 * @param listener receives the notification's params (a missing node when it has none)
	 * @return a handle to stop listening
	 */
	public Subscription onNotification(String method, Consumer<JsonNode> listener) {
		return this.listeners.add(method, listener);
	}

	/**
	 * Listen to every notification the server pushes, whatever its method: for tools and tests
	 * that record what a server sends. Listeners run as those of {@link #onNotification(String, Consumer)}.
	 * @param listener receives each notification's method and params (a missing node when it has none)
	 * @return a handle to stop listening
	 */
	public Subscription onAnyNotification(BiConsumer<String, JsonNode> listener) {
		return this.listeners.addForAnyMethod(listener);
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
	 * Close the connection: every pending call fails with {@link PipeClosedException} at once,
	 * then the server is asked to cancel them.
	 */
	@Override
	public void close() {
		PipeClosedException failure = new PipeClosedException("Client of pipe '" + this.pipeName + "' was closed");
		Connection current = this.connections.close(failure);
		if (current != null) {
			current.close(failure);
		}
		this.listeners.close();
	}

	@Override
	public String toString() {
		return "PipeClient for pipe '" + this.pipeName + "' at " + this.address;
	}

	/**
	 * Start observing a call, which is finished when its future completes.
	 * @return the observation, {@link ObservedCall#NONE} when calls are not observed
	 */
	ObservedCall observe(String method, PendingCall<?> call) {
		if (this.callObserver == PipeCallObserver.NONE) {
			return ObservedCall.NONE;
		}
		ObservedCall observed = this.callObserver
			.start(new PipeClientCall(this.pipeName, this.transport, method, Long.toString(call.id())));
		call.future().whenComplete((result, ex) -> observed.finish(statusOf(ex), ex));
		return observed;
	}

	/**
	 * Start observing a notification; the caller finishes it once written.
	 * @return the observation, {@link ObservedCall#NONE} when calls are not observed
	 */
	ObservedCall observeNotification(String method) {
		if (this.callObserver == PipeCallObserver.NONE) {
			return ObservedCall.NONE;
		}
		return this.callObserver.start(new PipeClientCall(this.pipeName, this.transport, method, null));
	}

	private static int statusOf(@Nullable Throwable ex) {
		if (ex == null) {
			return 0;
		}
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		return (cause instanceof JsonRpcException rpc) ? rpc.getCode() : ObservedCall.NO_RESPONSE;
	}

	<T> PendingCall<T> newCall(String method, Type resultType) {
		PendingCall<T> call = new PendingCall<>(this.ids.incrementAndGet(), method, this.mapper.constructType(resultType));
		this.requestTimeout.watch(call);
		return call;
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

		private int maxMessageSize = Framing.DEFAULT_MAX_MESSAGE_SIZE;

		private JsonReadLimits readLimits = JsonReadLimits.DEFAULTS;

		private @Nullable ChannelConnector connector;

		private @Nullable String serverUser;

		private PipeCallObserver callObserver = PipeCallObserver.NONE;

		private Builder(String pipe) {
			this.pipe = pipe;
			if (PipeAddresses.isWindows()) {
				this.namedPipeApi = new JnaNamedPipeApi();
			}
		}

		/**
		 * A user, by name or numeric id, whose server this client trusts besides its own user. By
		 * default a client on Unix talks only to a socket file owned by its own user and to a
		 * server process running as its own user (checked by the kernel's peer credentials right
		 * after connecting), and refuses any other with a {@link PipeConnectException}, since
		 * another user may have replaced the real server's socket.
		 * @param serverUser the trusted user, or {@code null} for this user only
		 * @return this builder
		 */
		public Builder serverUser(@Nullable String serverUser) {
			this.serverUser = serverUser;
			return this;
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
		 * How deep, and how long the numbers, strings and names of, an answer may be; Jackson's
		 * defaults unless set. An answer past one is dropped with a warning (its id cannot be
		 * read), and the call waiting for it ends at its request timeout.
		 * @param readLimits the limits
		 * @return this builder
		 */
		public Builder jsonReadLimits(JsonReadLimits readLimits) {
			this.readLimits = readLimits;
			return this;
		}

		/**
		 * What is told about each call and notification, to time, count or trace it;
		 * {@link PipeCallObserver#NONE} by default.
		 * @param callObserver the observer
		 * @return this builder
		 */
		public Builder callObserver(PipeCallObserver callObserver) {
			this.callObserver = callObserver;
			return this;
		}

		/**
		 * How to open channels, instead of the platform's: for tests that drive a client over a
		 * channel of their own.
		 * @param connector opens one channel per connection
		 * @return this builder
		 */
		Builder connector(ChannelConnector connector) {
			this.connector = connector;
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
