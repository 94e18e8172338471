package dev.pipeipc.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeServerBuilder;
import dev.pipeipc.server.PipeServerSettings;
import dev.pipeipc.transport.windows.NamedPipeSettings;

/**
 * Settings of one pipe server: {@code pipe.server.*} or {@code pipe.servers.<id>.*}. Defaults are
 * those of the engine ({@link PipeServerSettings}, {@link NamedPipeSettings}), referred to here
 * rather than written again.
 * <p>
 * The file is over 400 lines because Spring Boot's configuration metadata is generated from it:
 * each property is a field with its Javadoc (the description users see in their IDE), a getter and
 * a setter, and its groups ({@code windows}, {@code access}, {@code discovery}) stay nested
 * classes so the annotation processor describes them without extra annotations.
 */
public class PipeServerProperties {

	/** Value of {@link #getMaxConnections() max-connections} that sets no limit. */
	public static final int UNLIMITED_CONNECTIONS = -1;

	/**
	 * Whether to start this pipe server.
	 */
	private boolean enabled = true;

	/**
	 * Pipe name. On Unix the socket is '<directory>/<name>.sock'; a name containing '/' is used
	 * as the socket path itself. Unset uses 'spring.application.name' (else 'pipe-ipc') for the
	 * main server and the id for additional servers.
	 */
	private @Nullable String name;

	/**
	 * Directory of the socket file on Unix, created owner-only if missing. Unset uses
	 * $XDG_RUNTIME_DIR when set, else 'pipe-ipc-<user>' (mode 700) in the 'java.io.tmpdir'
	 * directory. The server refuses to start in a directory another user could replace the socket
	 * in (see 'allow-shared-directory').
	 */
	private @Nullable String directory;

	/**
	 * Whether to serve from a socket directory that another user owns or can write to (without
	 * the sticky bit), logging a warning, instead of refusing to start. Such a user can rename the
	 * socket away and bind their own, so clients may talk to an impostor.
	 */
	private boolean allowSharedDirectory;

	/**
	 * What messages mean: 'json-rpc' routes JSON-RPC 2.0 requests to @PipeHandler methods by
	 * name; 'raw' passes every message to the server's single @PipeHandler method as bytes.
	 */
	private Protocol protocol = Protocol.JSON_RPC;

	/**
	 * How messages are delimited on the pipe. Unset uses 'content-length' for JSON-RPC and, for
	 * the raw protocol, 'message' on Windows and 'length-prefix' elsewhere. 'message' (one pipe
	 * message per message) exists only on Windows.
	 */
	private @Nullable Framing framing;

	/**
	 * Largest message accepted. Larger frames are refused before their body is read.
	 */
	private DataSize maxMessageSize = DataSize.ofBytes(PipeServerSettings.DEFAULT_MAX_MESSAGE_SIZE);

	/**
	 * What the partly received messages of all connections may hold together; past it, reading
	 * pauses on connections that want more until completed messages free memory. Unset uses a
	 * quarter of the JVM's maximum heap.
	 */
	private @Nullable DataSize memoryBudget;

	/**
	 * Most client connections served at once; a client beyond it is answered with a 'server
	 * unavailable' error and disconnected. -1 sets no limit. Win32 named pipes enforce 1 to 254.
	 */
	private int maxConnections = UNLIMITED_CONNECTIONS;

	/**
	 * How long a connection may stay without a complete message or a pending reply before it is
	 * closed. A half-sent message does not count as activity. Unset keeps quiet connections open.
	 */
	private @Nullable Duration idleTimeout;

	/**
	 * Most worker threads running handler methods at once. Not used when virtual threads are
	 * enabled with 'spring.threads.virtual.enabled'.
	 */
	private int maxThreads = PipeServerSettings.DEFAULT_MAX_THREADS;

	/**
	 * How many requests of one connection may be in progress before the server stops reading
	 * further requests from it.
	 */
	private int maxPendingRequests = PipeServerSettings.DEFAULT_MAX_PENDING_REQUESTS;

	/**
	 * How long a JSON-RPC request may run before the client is answered with error -32802
	 * ('Request timed out') and its handler is interrupted. A handler's own
	 * '@PipeHandler(timeout = ...)' takes precedence. Unset lets requests run as long as they take.
	 */
	private @Nullable Duration requestTimeout;

	/**
	 * Whether 'Internal error' responses carry the exception's class and message in their data.
	 * Internal details then reach every client.
	 */
	private boolean includeExceptionDetails;

	/**
	 * How long a graceful stop lets requests in progress finish before it closes their
	 * connections and interrupts their handlers. The application context waits at most
	 * 'spring.lifecycle.timeout-per-shutdown-phase' for it.
	 */
	private Duration shutdownGracePeriod = PipeServerBuilder.DEFAULT_SHUTDOWN_GRACE_PERIOD;

	/**
	 * What to do when the server catches an unrecoverable error (such as an OutOfMemoryError):
	 * 'keep-running' marks it failed (health DOWN) and goes on serving what it can; 'exit' closes
	 * the application and exits the JVM with status 70, so that a supervisor restarts it.
	 */
	private OnFailure onFailure = OnFailure.KEEP_RUNNING;

	/**
	 * Limits of the JSON parser, per message.
	 */
	@NestedConfigurationProperty
	private final PipeJsonProperties json = new PipeJsonProperties();

	/**
	 * Streams of values that handlers return as a Flux, a Publisher or a Stream.
	 */
	@NestedConfigurationProperty
	private final PipeStreamProperties streams = new PipeStreamProperties();

	/**
	 * Settings that apply only to Win32 named pipes.
	 */
	private final Windows windows = new Windows();

	/**
	 * Who may connect.
	 */
	private final Access access = new Access();

	/**
	 * Self-description of a JSON-RPC server through the OpenRPC method 'rpc.discover'.
	 */
	private final Discovery discovery = new Discovery();

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

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public @Nullable DataSize getMemoryBudget() {
		return this.memoryBudget;
	}

	public void setMemoryBudget(@Nullable DataSize memoryBudget) {
		this.memoryBudget = memoryBudget;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
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

	public @Nullable Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(@Nullable Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public boolean isIncludeExceptionDetails() {
		return this.includeExceptionDetails;
	}

	public void setIncludeExceptionDetails(boolean includeExceptionDetails) {
		this.includeExceptionDetails = includeExceptionDetails;
	}

	public Duration getShutdownGracePeriod() {
		return this.shutdownGracePeriod;
	}

	public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
		this.shutdownGracePeriod = shutdownGracePeriod;
	}

	public OnFailure getOnFailure() {
		return this.onFailure;
	}

	public void setOnFailure(OnFailure onFailure) {
		this.onFailure = onFailure;
	}

	public PipeJsonProperties getJson() {
		return this.json;
	}

	public PipeStreamProperties getStreams() {
		return this.streams;
	}

	public Windows getWindows() {
		return this.windows;
	}

	public boolean isAllowSharedDirectory() {
		return this.allowSharedDirectory;
	}

	public void setAllowSharedDirectory(boolean allowSharedDirectory) {
		this.allowSharedDirectory = allowSharedDirectory;
	}

	public Access getAccess() {
		return this.access;
	}

	public Discovery getDiscovery() {
		return this.discovery;
	}

	/**
	 * What a server does when it catches an unrecoverable error.
	 */
	public enum OnFailure {

		/** Mark the server failed (health DOWN), log the error, keep serving what it can. */
		KEEP_RUNNING,

		/** Also close the application and exit the JVM with a non-zero status. */
		EXIT

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
		private DataSize inBufferSize = DataSize.ofBytes(NamedPipeSettings.DEFAULT_BUFFER_SIZE);

		/**
		 * Output buffer size requested from CreateNamedPipe.
		 */
		private DataSize outBufferSize = DataSize.ofBytes(NamedPipeSettings.DEFAULT_BUFFER_SIZE);

		/**
		 * Security descriptor, in SDDL, applied to every pipe instance. Unset allows only the user
		 * running the application, SYSTEM and Administrators. Widening it lets other accounts call
		 * every handler of the pipe.
		 */
		private @Nullable String securityDescriptor;

		/**
		 * Whether clients on other machines may connect over the network (SMB). Enabling it
		 * exposes the handlers to every machine that can reach this one.
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
	 * Who may connect: checked when a client connects, before any of its bytes is read.
	 */
	public static class Access {

		/**
		 * Users admitted besides the server's own user, by name or numeric id. Setting this or
		 * 'allowed-groups' refuses every other peer, and widens the default socket permissions
		 * to 'rw-rw-rw-' so that the listed users can reach the socket at all.
		 */
		private List<String> allowedUsers = new ArrayList<>();

		/**
		 * Groups whose members are admitted, by name or numeric id; a peer is a member when its
		 * primary or a supplementary group is listed.
		 */
		private List<String> allowedGroups = new ArrayList<>();

		/**
		 * Permissions of the socket file on Unix, such as 'rw-rw----'; connecting needs write
		 * permission. Unset uses 'rw-------' (owner only), or 'rw-rw-rw-' when an allow-list
		 * is set, leaving the choice to it. Group or other access also makes the default socket
		 * directory searchable by them.
		 */
		private @Nullable String socketPermissions;

		public List<String> getAllowedUsers() {
			return this.allowedUsers;
		}

		public void setAllowedUsers(List<String> allowedUsers) {
			this.allowedUsers = allowedUsers;
		}

		public List<String> getAllowedGroups() {
			return this.allowedGroups;
		}

		public void setAllowedGroups(List<String> allowedGroups) {
			this.allowedGroups = allowedGroups;
		}

		public @Nullable String getSocketPermissions() {
			return this.socketPermissions;
		}

		public void setSocketPermissions(@Nullable String socketPermissions) {
			this.socketPermissions = socketPermissions;
		}

		/**
		 * Whether an allow-list is set, so that only listed peers (and the server's user) are
		 * admitted.
		 * @return {@code true} if users or groups are listed
		 */
		public boolean hasAllowList() {
			return !this.allowedUsers.isEmpty() || !this.allowedGroups.isEmpty();
		}

	}

	/**
	 * Self-description through the OpenRPC method 'rpc.discover'.
	 */
	public static class Discovery {

		/**
		 * Whether the server answers 'rpc.discover' with an OpenRPC document describing its
		 * handlers. Needs the JSON-RPC protocol and com.github.victools:jsonschema-generator with
		 * its Jackson module on the class path.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
