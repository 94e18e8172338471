package dev.pipeipc.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipeConnectionListener;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipeListener;
import dev.pipeipc.transport.PipeTransport;

/**
 * A pipe server: binds its pipe on {@link #start()}, serves each connection with a
 * {@link ServerConnection}, and on {@link #stop()} stops accepting, lets the requests in progress
 * finish for at most the shutdown grace period, then closes every connection and releases the
 * pipe. Independent of any application context; the auto-configuration ties it to the context's
 * lifecycle, and programs and tests {@linkplain #builder create} and run it themselves.
 * <p>
 * The transport moves bytes; each connection's bytes are cut into messages by the configured
 * {@link Framing framing} on the transport's I/O thread, and every message is handed to the
 * {@link PipeProtocol} opened for its connection, on a worker thread, so a slow handler never
 * holds up reading.
 * <p>
 * The file is a little over 400 lines because a running server answers many questions that
 * health, metrics and the {@code pipes} endpoint ask (about 17 getters, each a line or two over a
 * part); the work itself is in parts of its own ({@link ServerConnection}, {@link ServerWorkers},
 * {@link ServerFailures}, {@link PipeServerBuilder}).
 */
public final class PipeServer implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(PipeServer.class);

	private final PipeServerSettings settings;

	private final Duration shutdownGracePeriod;

	private final Duration workerKeepAlive;

	private final PipeTransport transport;

	private final PipeProtocol protocol;

	private final Object monitor = new Object();

	private final Set<ServerSession> sessions = ConcurrentHashMap.newKeySet();

	private @Nullable PipeListener listener;

	private volatile @Nullable ServerWorkers workers;

	private final ServerFailures failures;

	private final MemoryBudget memoryBudget;

	private final PipeServerStatistics statistics = new PipeServerStatistics();

	private final PipeServerInstrumentation instrumentation;

	PipeServer(PipeServerSettings settings, Duration shutdownGracePeriod, PipeTransport transport,
			PipeProtocol protocol, PipeRequestObserver requestObserver) {
		this(settings, shutdownGracePeriod, transport, protocol, requestObserver, null, MemoryBudget.defaultLimit(),
				ElasticThreadPool.DEFAULT_KEEP_ALIVE);
	}

	PipeServer(PipeServerSettings settings, Duration shutdownGracePeriod, PipeTransport transport,
			PipeProtocol protocol, PipeRequestObserver requestObserver, @Nullable Consumer<Throwable> onFailure,
			long memoryBudget, Duration workerKeepAlive) {
		this.memoryBudget = new MemoryBudget(memoryBudget);
		this.settings = settings;
		this.shutdownGracePeriod = shutdownGracePeriod;
		this.workerKeepAlive = workerKeepAlive;
		this.transport = transport;
		this.protocol = protocol;
		this.failures = new ServerFailures(settings.name(), onFailure);
		protocol.setFailureListener(this.failures::handlerFailed);
		this.instrumentation = new PipeServerInstrumentation(settings.name(), settings.address(), requestObserver,
				this.statistics);
	}

	/**
	 * Start describing a server.
	 * @param name the pipe name, used in messages and thread names
	 * @param address the platform address to bind (a socket path, or a {@code \\.\pipe\} name)
	 * @return a builder with the defaults of {@link PipeServerSettings#of}
	 */
	public static PipeServerBuilder builder(String name, String address) {
		return new PipeServerBuilder(name, address);
	}

	/**
	 * The most worker threads that were alive at once since the server last started, for tests and
	 * measurements.
	 * @return the peak; {@code -1} on virtual threads; {@code 0} if never started
	 */
	int getPeakWorkerThreads() {
		ServerWorkers current = this.workers;
		return (current != null) ? current.peakThreads() : 0;
	}

	public PipeServerSettings getSettings() {
		return this.settings;
	}

	/**
	 * How long {@link #stop()} lets requests in progress finish before it closes their connections.
	 * @return the grace period
	 */
	public Duration getShutdownGracePeriod() {
		return this.shutdownGracePeriod;
	}

	/**
	 * The pipe name.
	 * @return the name
	 */
	public String getName() {
		return this.settings.name();
	}

	/**
	 * The address clients connect to.
	 * @return a socket path or a {@code \\.\pipe\} name
	 */
	public String getAddress() {
		synchronized (this.monitor) {
			return (this.listener != null) ? this.listener.address() : this.settings.address();
		}
	}

	/**
	 * Check the protocol's handlers, bind the pipe and start accepting. Does nothing if running.
	 * @throws PipeServerStartException if the pipe cannot be bound
	 * @throws IllegalStateException if the protocol cannot serve with its handlers
	 */
	public void start() {
		synchronized (this.monitor) {
			if (this.listener != null) {
				return;
			}
			this.protocol.start();
			ServerWorkers started = ServerWorkers.start(this.settings, this.workerKeepAlive);
			this.workers = started;
			try {
				this.listener = this.transport.listen(listenOptions(), new Connections(started));
			}
			catch (IOException ex) {
				this.workers = null;
				started.shutdownNow();
				throw new PipeServerStartException(this.settings.name(), this.settings.address(), ex);
			}
			logger.debug("Pipe server '" + this.settings.name() + "' listening on " + this.listener.address() + " ("
					+ this.settings.framing().configName() + " framing)");
		}
	}

	private PipeListenOptions listenOptions() {
		return new PipeListenOptions(this.settings.name(), this.settings.address(), this.settings.maxConnections(),
				this.settings.idleTimeout(), this.settings.framing() == Framing.MESSAGE,
				this.settings.maxMessageSize());
	}

	/**
	 * Stop gracefully and wait for it: stop accepting, refuse new requests, let those in progress
	 * finish for at most the {@linkplain #getShutdownGracePeriod() grace period}, then close every
	 * connection (interrupting handlers still running) and release the pipe.
	 */
	public void stop() {
		ServerWorkers current = stopAccepting();
		if (current == null) {
			current = this.workers;
		}
		if (current != null) {
			current.awaitIdle(this.shutdownGracePeriod.toNanos());
		}
		close();
	}

	/**
	 * Stop gracefully without waiting, as {@link #stop()} does, on a thread of its own.
	 * @param callback run once the server has stopped, or at once if it was not running or
	 * already stopping
	 */
	public void shutDownGracefully(Runnable callback) {
		ServerWorkers current = stopAccepting();
		if (current == null) {
			callback.run();
			return;
		}
		Thread drain = new Thread(() -> {
			try {
				current.awaitIdle(this.shutdownGracePeriod.toNanos());
				close(current);
			}
			finally {
				callback.run();
			}
		}, "pipe-" + this.settings.name() + "-shutdown");
		drain.setDaemon(true);
		drain.start();
	}

	/**
	 * Stop accepting and start refusing requests.
	 * @return the workers to wait for, or {@code null} if not running or already stopping
	 */
	private @Nullable ServerWorkers stopAccepting() {
		PipeListener current;
		ServerWorkers running;
		synchronized (this.monitor) {
			current = this.listener;
			running = this.workers;
			if (current == null || running == null || running.isDraining()) {
				return null;
			}
			running.drain();
		}
		logger.info("Pipe server '" + this.settings.name() + "' stops accepting and waits for "
				+ running.inProgress() + " request(s) in progress");
		current.stopAccepting();
		return running;
	}

	/**
	 * Stop at once: close every connection, interrupt handlers still running and release the
	 * pipe. The server can be started again.
	 */
	@Override
	public void close() {
		close(null);
	}

	/**
	 * Close the current run, or only the given one: a drain that ends late must not close a run
	 * started after it.
	 */
	private void close(@Nullable ServerWorkers run) {
		PipeListener current;
		ServerWorkers running;
		synchronized (this.monitor) {
			if (run != null && run != this.workers) {
				return;
			}
			current = this.listener;
			running = this.workers;
			this.listener = null;
			this.workers = null;
		}
		if (running != null) {
			// Whatever is read while closing is refused with its id, never started.
			running.drain();
		}
		if (current != null) {
			current.close();
			logger.info("Pipe server '" + this.settings.name() + "' closed");
		}
		if (running != null) {
			running.shutdownNow();
		}
	}

	/**
	 * Whether the server is bound (accepting, or draining during a graceful stop).
	 * @return {@code true} from start until closed
	 */
	public boolean isRunning() {
		synchronized (this.monitor) {
			return this.listener != null;
		}
	}

	/**
	 * Whether the server is failed: an I/O thread or a handler run on one caught an
	 * unrecoverable error (a {@link VirtualMachineError} other than {@link StackOverflowError}, such
	 * as {@link OutOfMemoryError}). The server goes on serving what it can,
	 * but the process should be restarted. Stays failed until the server object is discarded:
	 * restarting it does not repair the JVM.
	 * @return {@code true} once failed
	 * @see #getFailure()
	 */
	public boolean isFailed() {
		return this.failures.first() != null;
	}

	/**
	 * The unrecoverable error that marked the server failed.
	 * @return the first such error, or {@code null} if the server is not failed
	 */
	public @Nullable Throwable getFailure() {
		return this.failures.first();
	}

	void failed(@Nullable PipeConnection connection, Throwable failure) {
		this.failures.record(connection, failure);
	}

	/**
	 * Whether the server accepts new connections and requests: bound and not draining.
	 * @return {@code true} from start until a stop begins
	 */
	public boolean isAccepting() {
		synchronized (this.monitor) {
			ServerWorkers current = this.workers;
			return this.listener != null && current != null && !current.isDraining();
		}
	}

	/**
	 * What the partly received messages of all connections may hold together before reading
	 * pauses.
	 * @return the budget in bytes
	 */
	public long getMemoryBudget() {
		return this.memoryBudget.limit();
	}

	/**
	 * What the partly received messages of all connections hold now.
	 * @return the bytes
	 */
	public long getMemoryInUse() {
		return this.memoryBudget.used();
	}

	/**
	 * Number of clients connected now.
	 * @return the count of open sessions
	 */
	public int getOpenConnections() {
		return this.sessions.size();
	}

	/**
	 * The transport that binds the pipe.
	 * @return the transport
	 */
	public PipeTransport getTransport() {
		return this.transport;
	}

	/**
	 * The protocol that gives messages their meaning.
	 * @return the protocol
	 */
	public PipeProtocol getProtocol() {
		return this.protocol;
	}

	/**
	 * Number of requests accepted and not yet answered, across all connections.
	 * @return the count
	 */
	public int getPendingRequests() {
		ServerWorkers current = this.workers;
		return (current != null) ? current.inProgress() : 0;
	}

	/**
	 * The server's running totals (bytes, refused connections, framing errors, cancel requests),
	 * kept whether or not anything reads them.
	 * @return the statistics
	 */
	public PipeServerStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * The kind of channel the server listens on.
	 * @return {@code unix} for a Unix domain socket, {@code pipe} for a Win32 named pipe
	 */
	public String getTransportName() {
		return this.instrumentation.transport();
	}

	/**
	 * The clients connected now.
	 * @return the open sessions
	 */
	public Collection<PipeSession> getSessions() {
		return List.copyOf(this.sessions);
	}

	/**
	 * Push a notification to every connected client.
	 * @param method the notification's method name
	 * @param params its params, or {@code null} for none
	 * @return the number of clients it was sent to
	 * @throws UnsupportedOperationException on a server of the raw protocol
	 */
	public int broadcast(String method, @Nullable Object params) {
		byte[] body = this.protocol.notification(method, params);
		int sent = 0;
		for (ServerSession session : this.sessions) {
			if (session.isOpen()) {
				session.send(body);
				sent++;
			}
		}
		return sent;
	}

	@Override
	public String toString() {
		return "PipeServer '" + this.settings.name() + "' on " + getAddress();
	}

	/**
	 * What the transport tells the server about connections during one run; kept private so these
	 * callbacks are no part of the server's API.
	 */
	private final class Connections implements PipeConnectionListener {

		private final ServerWorkers workers;

		Connections(ServerWorkers workers) {
			this.workers = workers;
		}

		@Override
		public PipeConnectionHandler connected(PipeConnection connection) {
			return new ServerConnection(connection, PipeServer.this.settings, PipeServer.this.protocol, this.workers,
					PipeServer.this.sessions, PipeServer.this.instrumentation, PipeServer.this.memoryBudget);
		}

		@Override
		public void failed(@Nullable PipeConnection connection, Throwable failure) {
			PipeServer.this.failed(connection, failure);
		}

		@Override
		public void refused(PipeConnection connection) {
			PipeServer.this.statistics.connectionRefused();
			PipeProtocol protocol = PipeServer.this.protocol;
			if (protocol.reportsErrors() && connection.isOpen()) {
				byte[] body = protocol.refusalReply("Pipe '" + getName() + "' is busy: all "
						+ PipeServer.this.settings.maxConnections() + " connections are in use; try again later");
				if (body != null) {
					ByteBuffer[] frame = PipeServer.this.settings.framing().encode(body);
					PipeServer.this.statistics.written(frame);
					connection.write(frame);
				}
			}
		}

	}

}
