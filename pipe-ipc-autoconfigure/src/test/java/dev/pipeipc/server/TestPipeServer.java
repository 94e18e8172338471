package dev.pipeipc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandlerAnnotationBeanPostProcessor;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.server.jsonrpc.JsonRpcProtocol;
import dev.pipeipc.server.raw.RawProtocol;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.unix.UnixSocketTransport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@link PipeServer} for integration tests, built with {@link PipeServer#builder}: handler
 * beans go through {@link PipeHandlerAnnotationBeanPostProcessor} into a
 * {@link PipeHandlerRegistry} as in an application context, and a {@link JsonRpcProtocol} with a
 * plain {@link JsonMapper} (or a {@link RawProtocol}) is served on an address of the test's
 * choosing. Every JSON-RPC test server has an {@code echo} method.
 */
public final class TestPipeServer implements AutoCloseable {

	private final PipeServer server;

	private final @Nullable Path socket;

	private final Framing framing;

	private TestPipeServer(PipeServer server, @Nullable Path socket, Framing framing) {
		this.server = server;
		this.socket = socket;
		this.framing = framing;
	}

	/**
	 * Start describing a server on a Unix domain socket.
	 * @param socket the socket path
	 * @return a builder with the defaults of {@link PipeServer#builder}
	 */
	public static Builder on(Path socket) {
		return new Builder(socket.toString(), new UnixSocketTransport(), socket);
	}

	/**
	 * Start describing a server on any transport.
	 * @param address the transport's address
	 * @param transport the transport
	 * @return a builder with the defaults of {@link PipeServer#builder}
	 */
	public static Builder on(String address, PipeTransport transport) {
		return new Builder(address, transport, null);
	}

	public PipeServer server() {
		return this.server;
	}

	public Path socket() {
		if (this.socket == null) {
			throw new IllegalStateException("Not a Unix socket server");
		}
		return this.socket;
	}

	public void start() {
		this.server.start();
	}

	public void stop() {
		this.server.stop();
	}

	/**
	 * Connect a client that speaks the server's framing.
	 * @return the client
	 * @throws IOException if the connection is refused
	 */
	public PipeTestClient connect() throws IOException {
		if (this.socket == null) {
			throw new IllegalStateException("Not a Unix socket server; connect with the transport's own client");
		}
		return PipeTestClient.connect(this.socket, this.framing);
	}

	/**
	 * Prove the server serves a new connection: call {@code echo} on a fresh client.
	 * @throws IOException if the connection fails
	 */
	public void assertServesNewConnections() throws IOException {
		try (PipeTestClient client = connect()) {
			assertThat(client.call(PipeTestClient.request("probe", "echo", "[\"still serving\"]")).toString())
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"probe\",\"result\":\"still serving\"}");
		}
	}

	/**
	 * Wait until a condition holds, failing after a generous upper bound. Used where the server
	 * reacts asynchronously (a disconnect noticed by its I/O thread), never to assert timing.
	 * @param description what is awaited, for the failure message
	 * @param condition the condition
	 * @throws InterruptedException never; declared for the callers written against the old loop
	 */
	public static void await(String description, BooleanSupplier condition) throws InterruptedException {
		Awaitility.await(description).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
			.until(condition::getAsBoolean);
	}

	/**
	 * Stop at once if still running: tests end with their servers closed, not drained.
	 */
	@Override
	public void close() {
		this.server.close();
	}

	/**
	 * Describes a test server: the handlers and the protocol, and any setting of
	 * {@link PipeServerBuilder}, which keeps its own defaults and checks.
	 */
	public static final class Builder {

		private final String address;

		private final PipeTransport transport;

		private final @Nullable Path socket;

		private final List<Consumer<PipeServerBuilder>> settings = new ArrayList<>();

		private final List<Object> handlers = new ArrayList<>(List.of(new EchoHandler()));

		private String name = "test";

		private Framing framing = Framing.CONTENT_LENGTH;

		private boolean includeExceptionDetails;

		private boolean raw;

		private Builder(String address, PipeTransport transport, @Nullable Path socket) {
			this.address = address;
			this.transport = transport;
			this.socket = socket;
		}

		/**
		 * Serve the raw protocol with the given handler bean instead of JSON-RPC with {@code echo}.
		 * @param handler the bean with the single raw {@code @PipeHandler} method
		 * @return this builder
		 */
		public Builder raw(Object handler) {
			this.raw = true;
			this.handlers.clear();
			this.handlers.add(handler);
			return this;
		}

		public Builder name(String name) {
			this.name = name;
			return this;
		}

		public Builder framing(Framing framing) {
			this.framing = framing;
			return this;
		}

		public Builder includeExceptionDetails(boolean includeExceptionDetails) {
			this.includeExceptionDetails = includeExceptionDetails;
			return this;
		}

		public Builder maxMessageSize(int maxMessageSize) {
			return with((server) -> server.maxMessageSize(maxMessageSize));
		}

		public Builder maxConnections(int maxConnections) {
			return with((server) -> server.maxConnections(maxConnections));
		}

		public Builder idleTimeout(@Nullable Duration idleTimeout) {
			return with((server) -> server.idleTimeout(idleTimeout));
		}

		public Builder maxThreads(int maxThreads) {
			return with((server) -> server.maxThreads(maxThreads));
		}

		public Builder maxPendingRequests(int maxPendingRequests) {
			return with((server) -> server.maxPendingRequests(maxPendingRequests));
		}

		/**
		 * Apply any other setting of the server's own builder.
		 * @param setting the setting
		 * @return this builder
		 */
		public Builder with(Consumer<PipeServerBuilder> setting) {
			this.settings.add(setting);
			return this;
		}

		/**
		 * Add handler beans; their {@code @PipeHandler} methods are registered as a context would.
		 * @param beans the beans
		 * @return this builder
		 */
		public Builder handlers(Object... beans) {
			this.handlers.addAll(List.of(beans));
			return this;
		}

		/**
		 * Create the server without starting it.
		 * @return the server
		 */
		public TestPipeServer build() {
			PipeServerBuilder server = PipeServer.builder(this.name, this.address)
				.transport(this.transport)
				.protocol(protocol(this.raw, this.name, this.includeExceptionDetails, this.handlers.toArray()))
				.framing(this.framing);
			this.settings.forEach((setting) -> setting.accept(server));
			return new TestPipeServer(server.build(), this.socket, this.framing);
		}

		/**
		 * Create and start the server.
		 * @return the running server
		 */
		public TestPipeServer start() {
			TestPipeServer server = build();
			server.start();
			return server;
		}

	}

	/**
	 * A protocol serving the given handler beans, registered as an application context would.
	 * @param raw whether to serve the raw protocol (one handler) instead of JSON-RPC
	 * @param pipeName the pipe name
	 * @param includeExceptionDetails whether JSON-RPC internal errors carry the exception
	 * @param handlers the beans with {@code @PipeHandler} methods
	 * @return the protocol
	 */
	public static PipeProtocol protocol(boolean raw, String pipeName, boolean includeExceptionDetails,
			Object... handlers) {
		PipeHandlerRegistry registry = new PipeHandlerRegistry();
		PipeHandlerAnnotationBeanPostProcessor postProcessor = new PipeHandlerAnnotationBeanPostProcessor(registry);
		for (int i = 0; i < handlers.length; i++) {
			postProcessor.postProcessAfterInitialization(handlers[i], "handler" + i);
		}
		return raw ? new RawProtocol(PipeHandlerRegistry.DEFAULT_SERVER, pipeName, registry)
				: new JsonRpcProtocol(PipeHandlerRegistry.DEFAULT_SERVER, pipeName, registry,
						JsonMapper.builder().build(), includeExceptionDetails);
	}

	/**
	 * The method every JSON-RPC test server has: {@code echo} answers its single param, null
	 * included.
	 */
	static class EchoHandler {

		@dev.pipeipc.annotation.PipeHandler("echo")
		@Nullable Object echo(@Nullable Object value) {
			return value;
		}

	}

}
