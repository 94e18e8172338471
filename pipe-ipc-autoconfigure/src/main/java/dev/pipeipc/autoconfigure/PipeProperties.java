package dev.pipeipc.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.pipeipc.codec.Framing;

/**
 * Configuration properties for pipe servers: {@code pipe.server.*} for the main server and
 * {@code pipe.servers.<id>.*} for each additional one.
 */
@ConfigurationProperties("pipe")
public class PipeProperties {

	/**
	 * Main pipe server.
	 */
	private final Server server = new Server();

	/**
	 * Additional pipe servers, by id. Bind handler methods to one with
	 * {@code @PipeHandler(server = "<id>")}.
	 */
	private final Map<String, Server> servers = new LinkedHashMap<>();

	/**
	 * Pipe clients, by id: each becomes a PipeClient bean named '<id>PipeClient' that
	 * @ImportPipeExchanges interfaces call through.
	 */
	private final Map<String, Client> client = new LinkedHashMap<>();

	public Server getServer() {
		return this.server;
	}

	public Map<String, Client> getClient() {
		return this.client;
	}

	public Map<String, Server> getServers() {
		return this.servers;
	}

	/**
	 * Settings of one pipe server.
	 */
	public static class Server {

		/**
		 * Whether to start this pipe server.
		 */
		private boolean enabled = true;

		/**
		 * Pipe name. On Unix the socket is '<directory>/<name>.sock'; a name containing '/' is
		 * used as the socket path itself. Defaults to 'spring.application.name' (else 'pipe-ipc')
		 * for the main server and to the id for additional servers.
		 */
		private @Nullable String name;

		/**
		 * Directory of the socket file on Unix. Defaults to $XDG_RUNTIME_DIR when set, else the
		 * 'java.io.tmpdir' directory. Created owner-only if missing.
		 */
		private @Nullable String directory;

		/**
		 * What messages mean: 'json-rpc' routes JSON-RPC 2.0 requests to @PipeHandler methods by
		 * name; 'raw' passes every message to the server's single @PipeHandler method as bytes.
		 */
		private Protocol protocol = Protocol.JSON_RPC;

		/**
		 * How messages are delimited on the pipe. Defaults to 'content-length' for JSON-RPC; for
		 * the raw protocol to 'message' on Windows and 'length-prefix' elsewhere. 'message'
		 * (one pipe message per message) exists only on Windows.
		 */
		private @Nullable Framing framing;

		/**
		 * Largest message accepted. Larger frames are refused before their body is read.
		 */
		private DataSize maxMessageSize = DataSize.ofMegabytes(16);

		/**
		 * Most client connections served at once; a client beyond it is answered with a
		 * 'server unavailable' error and disconnected. -1 means no limit.
		 */
		private int maxInstances = -1;

		/**
		 * How long a connection may stay without a complete message or a pending reply before it
		 * is closed. A half-sent message does not count as activity. Unset keeps quiet connections
		 * open.
		 */
		private @Nullable Duration idleTimeout;

		/**
		 * Most worker threads running handler methods at once. Not used when virtual threads are
		 * enabled with 'spring.threads.virtual.enabled'.
		 */
		private int maxThreads = 200;

		/**
		 * How many requests of one connection may be in progress before the server stops reading
		 * further requests from it.
		 */
		private int maxPendingRequests = 256;

		/**
		 * Whether 'Internal error' responses carry the exception's class and message in their
		 * data. Off by default so that internal details are not sent to clients.
		 */
		private boolean includeExceptionDetails;

		/**
		 * Settings that apply only to Win32 named pipes.
		 */
		private final Windows windows = new Windows();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable String directory) {
			this.directory = directory;
		}

		public Protocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(Protocol protocol) {
			this.protocol = protocol;
		}

		public @Nullable Framing getFraming() {
			return this.framing;
		}

		public void setFraming(@Nullable Framing framing) {
			this.framing = framing;
		}

		public Windows getWindows() {
			return this.windows;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public int getMaxInstances() {
			return this.maxInstances;
		}

		public void setMaxInstances(int maxInstances) {
			this.maxInstances = maxInstances;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public int getMaxThreads() {
			return this.maxThreads;
		}

		public void setMaxThreads(int maxThreads) {
			this.maxThreads = maxThreads;
		}

		public int getMaxPendingRequests() {
			return this.maxPendingRequests;
		}

		public void setMaxPendingRequests(int maxPendingRequests) {
			this.maxPendingRequests = maxPendingRequests;
		}

		public boolean isIncludeExceptionDetails() {
			return this.includeExceptionDetails;
		}

		public void setIncludeExceptionDetails(boolean includeExceptionDetails) {
			this.includeExceptionDetails = includeExceptionDetails;
		}

	}

	/**
	 * What the messages on a pipe mean.
	 */
	public enum Protocol {

		/** JSON-RPC 2.0, routed to handler methods by method name. */
		JSON_RPC,

		/** Plain byte messages, all passed to one handler method. */
		RAW

	}

	/**
	 * Settings that apply only to Win32 named pipes.
	 */
	public static class Windows {

		/**
		 * Input buffer size requested from CreateNamedPipe.
		 */
		private DataSize inBufferSize = DataSize.ofKilobytes(64);

		/**
		 * Output buffer size requested from CreateNamedPipe.
		 */
		private DataSize outBufferSize = DataSize.ofKilobytes(64);

		/**
		 * Security descriptor, in SDDL, applied to every pipe instance. Unset allows only the user
		 * running the application, SYSTEM and Administrators ("D:P(A;;GA;;;OW)(A;;GA;;;SY)(A;;GA;;;BA)").
		 * Widening it lets other accounts call every handler of the pipe.
		 */
		private @Nullable String securityDescriptor;

		/**
		 * Whether clients on other machines may connect over the network (SMB). Off by default:
		 * enabling it exposes the handlers to every machine that can reach this one.
		 */
		private boolean allowRemoteClients;

		public DataSize getInBufferSize() {
			return this.inBufferSize;
		}

		public void setInBufferSize(DataSize inBufferSize) {
			this.inBufferSize = inBufferSize;
		}

		public DataSize getOutBufferSize() {
			return this.outBufferSize;
		}

		public void setOutBufferSize(DataSize outBufferSize) {
			this.outBufferSize = outBufferSize;
		}

		public @Nullable String getSecurityDescriptor() {
			return this.securityDescriptor;
		}

		public void setSecurityDescriptor(@Nullable String securityDescriptor) {
			this.securityDescriptor = securityDescriptor;
		}

		public boolean isAllowRemoteClients() {
			return this.allowRemoteClients;
		}

		public void setAllowRemoteClients(boolean allowRemoteClients) {
			this.allowRemoteClients = allowRemoteClients;
		}

	}

	/**
	 * Settings of one pipe client.
	 */
	public static class Client {

		/**
		 * Pipe to call, by the server's naming rules. Defaults to the client's id.
		 */
		private @Nullable String pipe;

		/**
		 * Directory of the socket file on Unix, as the server's 'directory'.
		 */
		private @Nullable String directory;

		/**
		 * How messages are delimited; must match the server's framing.
		 */
		private Framing framing = Framing.CONTENT_LENGTH;

		/**
		 * How long to keep trying to connect while the pipe is missing or busy.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * How long to wait for each answer. Unset waits indefinitely.
		 */
		private @Nullable Duration requestTimeout;

		/**
		 * Whether to connect again, with backoff, on the next call after the connection was lost.
		 */
		private boolean reconnect = true;

		/**
		 * Wait after a failed reconnect attempt; doubles up to 'max-reconnect-backoff'.
		 */
		private Duration reconnectBackoff = Duration.ofMillis(100);

		/**
		 * Longest wait between reconnect attempts.
		 */
		private Duration maxReconnectBackoff = Duration.ofSeconds(5);

		/**
		 * Largest answer accepted.
		 */
		private DataSize maxMessageSize = DataSize.ofMegabytes(16);

		public @Nullable String getPipe() {
			return this.pipe;
		}

		public void setPipe(@Nullable String pipe) {
			this.pipe = pipe;
		}

		public @Nullable String getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable String directory) {
			this.directory = directory;
		}

		public Framing getFraming() {
			return this.framing;
		}

		public void setFraming(Framing framing) {
			this.framing = framing;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public @Nullable Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(@Nullable Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public boolean isReconnect() {
			return this.reconnect;
		}

		public void setReconnect(boolean reconnect) {
			this.reconnect = reconnect;
		}

		public Duration getReconnectBackoff() {
			return this.reconnectBackoff;
		}

		public void setReconnectBackoff(Duration reconnectBackoff) {
			this.reconnectBackoff = reconnectBackoff;
		}

		public Duration getMaxReconnectBackoff() {
			return this.maxReconnectBackoff;
		}

		public void setMaxReconnectBackoff(Duration maxReconnectBackoff) {
			this.maxReconnectBackoff = maxReconnectBackoff;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

	}

}
