package dev.pipeipc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandlerAnnotationBeanPostProcessor;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.jsonrpc.JsonRpcProtocol;
import dev.pipeipc.server.raw.RawProtocol;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.unix.UnixSocketTransport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@link PipeServer} for integration tests, wired by hand the way the auto-configuration
 * wires it: handler beans go through {@link PipeHandlerAnnotationBeanPostProcessor} into a
 * {@link PipeHandlerRegistry}, and a {@link JsonRpcProtocol} with a plain {@link JsonMapper} is
 * served by the {@link UnixSocketTransport} on a socket path of the test's choosing.
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
	 * @return a builder with the defaults of {@link PipeServerSettings#of}
	 */
	public static Builder on(Path socket) {
		return new Builder(socket.toString(), new UnixSocketTransport()).socket(socket);
	}

	/**
	 * Start describing a server on any transport.
	 * @param address the transport's address
	 * @param transport the transport
	 * @return a builder with the defaults of {@link PipeServerSettings#of}
	 */
	public static Builder on(String address, PipeTransport transport) {
		return new Builder(address, transport);
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
	 * Prove the server serves a new connection: call {@code echo} on a fresh client. Every test
	 * server built with {@link Builder#start()} has that method.
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
	 * @throws InterruptedException if interrupted
	 */
	public static void await(String description, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting until " + description);
			}
			Thread.sleep(10);
		}
	}

	@Override
	public void close() {
		if (this.server.isRunning()) {
			this.server.stop();
		}
	}

	/**
	 * Describes a test server.
	 */
	public static final class Builder {

		private final String address;

		private final PipeTransport transport;

		private @Nullable Path socket;

		private String name = "test";

		private Framing framing = Framing.CONTENT_LENGTH;

		private int maxMessageSize = PipeServerSettings.DEFAULT_MAX_MESSAGE_SIZE;

		private int maxInstances = -1;

		private @Nullable Duration idleTimeout;

		private int maxThreads = PipeServerSettings.DEFAULT_MAX_THREADS;

		private int maxPendingRequests = PipeServerSettings.DEFAULT_MAX_PENDING_REQUESTS;

		private boolean includeExceptionDetails;

		private final List<Object> handlers = new ArrayList<>();

		private boolean raw;

		private Builder(String address, PipeTransport transport) {
			this.address = address;
			this.transport = transport;
			this.handlers.add(new EchoHandler());
		}

		private Builder socket(Path socket) {
			this.socket = socket;
			return this;
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

		public Builder maxMessageSize(int maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
			return this;
		}

		public Builder maxInstances(int maxInstances) {
			this.maxInstances = maxInstances;
			return this;
		}

		public Builder idleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			return this;
		}

		public Builder maxThreads(int maxThreads) {
			this.maxThreads = maxThreads;
			return this;
		}

		public Builder maxPendingRequests(int maxPendingRequests) {
			this.maxPendingRequests = maxPendingRequests;
			return this;
		}

		public Builder includeExceptionDetails(boolean includeExceptionDetails) {
			this.includeExceptionDetails = includeExceptionDetails;
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

		public PipeServerSettings settings() {
			return new PipeServerSettings(this.name, this.address, this.framing, this.maxMessageSize,
					this.maxInstances, this.idleTimeout, this.maxThreads, false, this.maxPendingRequests);
		}

		/**
		 * Create the server without starting it.
		 * @return the server
		 */
		public TestPipeServer build() {
			PipeHandlerRegistry registry = new PipeHandlerRegistry();
			PipeHandlerAnnotationBeanPostProcessor postProcessor = new PipeHandlerAnnotationBeanPostProcessor(registry);
			for (int i = 0; i < this.handlers.size(); i++) {
				postProcessor.postProcessAfterInitialization(this.handlers.get(i), "handler" + i);
			}
			PipeProtocol protocol = this.raw ? new RawProtocol(PipeHandlerRegistry.DEFAULT_SERVER, this.name, registry)
					: new JsonRpcProtocol(PipeHandlerRegistry.DEFAULT_SERVER, this.name, registry,
							JsonMapper.builder().build(), this.includeExceptionDetails);
			PipeServer server = new PipeServer(settings(), this.transport, protocol);
			return new TestPipeServer(server, this.socket, this.framing);
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
	 * The method every test server has: {@code echo} answers its single param, null included.
	 */
	static class EchoHandler {

		@dev.pipeipc.annotation.PipeHandler("echo")
		@Nullable Object echo(@Nullable Object value) {
			return value;
		}

	}

}
