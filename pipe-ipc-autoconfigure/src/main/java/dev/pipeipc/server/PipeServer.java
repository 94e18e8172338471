package dev.pipeipc.server;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.VirtualThreadTaskExecutor;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipeConnectionListener;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipeListener;
import dev.pipeipc.transport.PipeTransport;

/**
 * A pipe server whose lifecycle follows the application context: it binds its pipe when the
 * context starts, and when the context stops it stops accepting, lets requests in progress finish,
 * then closes every connection and releases the pipe. The context waits for that at most its
 * shutdown-phase timeout; then {@link #destroy()} closes whatever is left.
 * <p>
 * The transport moves bytes; each connection's bytes are cut into messages by the configured
 * {@link dev.pipeipc.codec.Framing framing} on the transport's I/O thread, and every message is
 * handed to the {@link PipeProtocol} on a worker thread, so a slow handler never holds up reading.
 */
public class PipeServer implements SmartLifecycle, DisposableBean, PipeConnectionListener {

	/**
	 * Lifecycle phase: late to start and early to stop, like Spring Boot's web server graceful
	 * shutdown, so clients are drained before the beans their handlers use are stopped.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(PipeServer.class);

	private final PipeServerSettings settings;

	private final PipeTransport transport;

	private final PipeProtocol protocol;

	private final Object monitor = new Object();

	private final AtomicInteger pendingRequests = new AtomicInteger();

	private final Set<ServerConnection> sessions = ConcurrentHashMap.newKeySet();

	private @Nullable PipeListener listener;

	private @Nullable Executor executor;

	private volatile boolean running;

	private volatile boolean draining;

	/**
	 * Create a server.
	 * @param settings where and how to listen
	 * @param transport the platform transport
	 * @param protocol what messages mean
	 */
	public PipeServer(PipeServerSettings settings, PipeTransport transport, PipeProtocol protocol) {
		this.settings = settings;
		this.transport = transport;
		this.protocol = protocol;
	}

	public PipeServerSettings getSettings() {
		return this.settings;
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
		PipeListener current = this.listener;
		return (current != null) ? current.address() : this.settings.address();
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			this.draining = false;
			this.protocol.start();
			this.executor = createExecutor();
			PipeListenOptions options = new PipeListenOptions(this.settings.name(), this.settings.address(),
					this.settings.maxInstances(), this.settings.idleTimeout(),
					this.settings.framing() == Framing.MESSAGE, this.settings.maxMessageSize());
			try {
				this.listener = this.transport.listen(options, this);
			}
			catch (IOException ex) {
				shutdownExecutor();
				throw new PipeServerStartException(this.settings.name(), this.settings.address(), ex);
			}
			this.running = true;
			logger.info("Pipe server '" + this.settings.name() + "' listening on " + this.listener.address()
					+ " (" + this.settings.framing().configName() + " framing)");
		}
	}

	private Executor createExecutor() {
		String prefix = "pipe-" + this.settings.name() + "-";
		if (this.settings.virtualThreads()) {
			return new VirtualThreadTaskExecutor(prefix);
		}
		return ElasticThreadPool.create(this.settings.maxThreads(), prefix);
	}

	@Override
	public void stop() {
		stopAccepting();
		awaitPendingRequests(Long.MAX_VALUE);
		closeAll();
	}

	@Override
	public void stop(Runnable callback) {
		if (!stopAccepting()) {
			callback.run();
			return;
		}
		Thread drain = new Thread(() -> {
			try {
				awaitPendingRequests(Long.MAX_VALUE);
				closeAll();
			}
			finally {
				callback.run();
			}
		}, "pipe-" + this.settings.name() + "-shutdown");
		drain.setDaemon(true);
		drain.start();
	}

	private boolean stopAccepting() {
		PipeListener current;
		synchronized (this.monitor) {
			if (!this.running || this.draining) {
				return false;
			}
			this.draining = true;
			current = this.listener;
		}
		if (current != null) {
			logger.info("Pipe server '" + this.settings.name() + "' stops accepting and waits for "
					+ this.pendingRequests.get() + " request(s) in progress");
			current.stopAccepting();
		}
		return true;
	}

	private void awaitPendingRequests(long timeoutMillis) {
		long deadline = System.currentTimeMillis() + Math.min(timeoutMillis, Long.MAX_VALUE / 2);
		synchronized (this.monitor) {
			while (this.pendingRequests.get() > 0) {
				long wait = deadline - System.currentTimeMillis();
				if (wait <= 0) {
					return;
				}
				try {
					this.monitor.wait(Math.min(wait, 100));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private void closeAll() {
		PipeListener current;
		synchronized (this.monitor) {
			current = this.listener;
			this.listener = null;
			this.running = false;
		}
		if (current != null) {
			current.close();
			logger.info("Pipe server '" + this.settings.name() + "' closed");
		}
		shutdownExecutor();
	}

	private void shutdownExecutor() {
		Executor current = this.executor;
		this.executor = null;
		if (current instanceof ExecutorService service) {
			service.shutdownNow();
		}
		else if (current instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Closing anyway.
			}
		}
	}

	/**
	 * Closes what is still open if the context is destroyed before draining finished.
	 */
	@Override
	public void destroy() {
		stopAccepting();
		closeAll();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Number of requests accepted and not yet answered, across all connections.
	 * @return the count
	 */
	public int getPendingRequests() {
		return this.pendingRequests.get();
	}

	@Override
	public PipeConnectionHandler connected(PipeConnection connection) {
		ServerConnection session = new ServerConnection(this, connection, this.settings, this.protocol);
		this.sessions.add(session);
		return session;
	}

	void sessionClosed(ServerConnection session) {
		this.sessions.remove(session);
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
		for (ServerConnection session : this.sessions) {
			if (session.isOpen()) {
				session.send(body);
				sent++;
			}
		}
		return sent;
	}

	@Override
	public void refused(PipeConnection connection) {
		if (!this.protocol.reportsErrors()) {
			return;
		}
		send(connection, this.protocol.refusalReply("Pipe '" + this.settings.name() + "' is busy: all "
				+ this.settings.maxInstances() + " instances are in use; try again later"));
	}

	void send(PipeConnection connection, byte @Nullable [] body) {
		if (body != null && connection.isOpen()) {
			connection.write(this.settings.framing().encode(body));
		}
	}

	boolean isDraining() {
		return this.draining;
	}

	/**
	 * Whether messages may be handled on the I/O thread that read them, where the transport
	 * supports it (see {@link dev.pipeipc.transport.PipeConnection#executeInline}). Not with
	 * virtual threads: an application that enables them expects its handlers to run on them.
	 */
	boolean runsHandlersInline() {
		return !this.settings.virtualThreads() && this.executor != null;
	}

	/**
	 * Run a message's handling on a worker thread.
	 * @return {@code false} if the server no longer takes work
	 */
	boolean dispatch(Runnable work) {
		Executor current = this.executor;
		if (current == null) {
			return false;
		}
		try {
			current.execute(work);
			return true;
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			return false;
		}
	}

	void requestStarted() {
		this.pendingRequests.incrementAndGet();
	}

	void requestFinished() {
		if (this.pendingRequests.decrementAndGet() == 0 && this.draining) {
			synchronized (this.monitor) {
				this.monitor.notifyAll();
			}
		}
	}

	@Override
	public String toString() {
		return "PipeServer '" + this.settings.name() + "' on " + getAddress();
	}

}
