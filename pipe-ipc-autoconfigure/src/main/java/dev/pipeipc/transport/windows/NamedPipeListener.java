package dev.pipeipc.transport.windows;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.LiveConnections;
import dev.pipeipc.transport.PeerGate;
import dev.pipeipc.transport.PipeConnectionListener;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipeListener;
import dev.pipeipc.transport.PipePeer;
import dev.pipeipc.transport.TransportSupport;

/**
 * The instances of one pipe name. An accept thread keeps one instance in {@code ConnectNamedPipe};
 * when a client connects, the instance becomes a {@link NamedPipeConnection} and the thread puts
 * the next instance into listening at once: a new one while below the instance limit, otherwise
 * the next instance a closing connection hands back (disconnected and ready to listen again), so
 * the name is held by this server for as long as it runs. Beyond the limit Windows itself answers
 * clients with {@code ERROR_PIPE_BUSY}.
 */
final class NamedPipeListener implements PipeListener {

	private static final Log logger = LogFactory.getLog(NamedPipeListener.class);

	private final NamedPipeTransport transport;

	private final NamedPipeApi api;

	private final PipeListenOptions options;

	private final InstanceLimit maxInstances;

	private final PipeConnectionListener listener;

	private final LiveConnections<NamedPipeConnection> connections = new LiveConnections<>();

	private final AtomicInteger instances = new AtomicInteger();

	private final AtomicLong connectionIds = new AtomicLong();

	private final LinkedBlockingQueue<Long> returnedInstances = new LinkedBlockingQueue<>();

	private final Thread acceptThread;

	private final ScheduledExecutorService idleSweeper;

	private static final long NO_HANDLE = 0;


	private final Object listeningLock = new Object();

	private volatile long listeningHandle;

	private volatile boolean accepting = true;

	private final PeerGate gate;

	NamedPipeListener(NamedPipeTransport transport, PipeListenOptions options, InstanceLimit maxInstances,
			PipeConnectionListener listener) {
		this.transport = transport;
		this.api = transport.api();
		this.options = options;
		this.maxInstances = maxInstances;
		this.listener = listener;
		this.gate = new PeerGate(options.serverName(), transport.settings().authorizer());
		this.acceptThread = new Thread(this::acceptLoop, "pipe-" + options.serverName() + "-accept");
		// Not a daemon: like a web server's, a listening pipe keeps the application running.
		this.acceptThread.setDaemon(false);
		this.idleSweeper = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pipe-" + options.serverName() + "-idle");
			thread.setDaemon(true);
			return thread;
		});
	}

	void start(long firstInstance) {
		this.instances.set(1);
		this.listeningHandle = firstInstance;
		this.acceptThread.start();
		if (this.options.idleTimeout() != null) {
			long idleNanos = this.options.idleTimeout().toNanos();
			long period = Math.max(10, TimeUnit.NANOSECONDS.toMillis(idleNanos) / 4);
			this.idleSweeper.scheduleWithFixedDelay(() -> sweepIdle(idleNanos), period, period, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public String address() {
		return this.options.address();
	}

	private void acceptLoop() {
		long handle = this.listeningHandle;
		while (true) {
			synchronized (this.listeningLock) {
				if (!this.accepting) {
					break;
				}
				this.listeningHandle = handle;
			}
			boolean connected;
			try {
				connected = this.api.connect(handle);
			}
			catch (NamedPipeException ex) {
				if (!this.accepting) {
					break;
				}
				logger.warn("Pipe '" + this.options.serverName() + "' failed to wait for a client ("
						+ ex.getMessage() + "); listening again", ex);
				this.api.disconnect(handle);
				TransportSupport.pauseAfterFailure();
				continue;
			}
			synchronized (this.listeningLock) {
				this.listeningHandle = NO_HANDLE;
			}
			if (!connected) {
				// The client left between connecting and ConnectNamedPipe: listen again on this instance.
				this.api.disconnect(handle);
				continue;
			}
			PipePeer peer = WindowsPeers.read(this.api, handle);
			if (!this.gate.admits(peer)) {
				// Refused before any byte is read: the client finds its pipe disconnected.
				this.api.disconnect(handle);
				continue;
			}
			// Put the next instance into place before the connected one can end, so the name is
			// never without an instance while the server runs.
			Long next = this.maxInstances.allowsAnother(this.instances.get()) ? tryCreateInstance() : null;
			admit(handle, peer);
			if (next == null) {
				next = nextListeningInstance();
			}
			if (next == null) {
				return;
			}
			handle = next;
		}
		releaseInstance(handle);
	}

	private void admit(long handle, @Nullable PipePeer peer) {
		NamedPipeConnection connection = new NamedPipeConnection(this.connectionIds.incrementAndGet(), handle, this.api,
				this.options, this.transport.settings().inBufferSize(), this::connectionClosed, this::connectionFailed,
				peer);
		this.connections.add(connection);
		try {
			connection.start(this.listener.connected(connection));
		}
		catch (RuntimeException | Error ex) {
			// An Error too (out of memory while setting up): the accept thread must go on listening.
			logger.error("Pipe '" + this.options.serverName() + "' failed to set up a connection", ex);
			this.connections.remove(connection);
			connection.close();
			releaseInstance(handle);
			this.listener.failed(connection, ex);
		}
	}

	private @Nullable Long tryCreateInstance() {
		try {
			long created = this.transport.createInstance(this.options.address(), false, this.maxInstances);
			this.instances.incrementAndGet();
			return created;
		}
		catch (NamedPipeException ex) {
			if (ex.getErrorCode() != NamedPipeApi.ERROR_PIPE_BUSY) {
				logger.warn("Pipe '" + this.options.serverName() + "' could not create an instance", ex);
				TransportSupport.pauseAfterFailure();
			}
			return null;
		}
	}

	/**
	 * The instance to listen on next: a new one while below the limit, else one a closing
	 * connection hands back.
	 * @return the handle, or {@code null} when accepting stopped while waiting
	 */
	private @Nullable Long nextListeningInstance() {
		while (this.accepting) {
			if (this.maxInstances.allowsAnother(this.instances.get())) {
				Long created = tryCreateInstance();
				if (created != null) {
					return created;
				}
			}
			try {
				Long returned = this.returnedInstances.poll(100, TimeUnit.MILLISECONDS);
				if (returned != null) {
					return returned;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}
		return null;
	}

	/**
	 * A connection ended and its instance is disconnected. At the instance limit the accept thread
	 * cannot create another, so the instance is handed back for it to listen on again (closing it
	 * could leave the name without any instance); below the limit it is closed.
	 */
	private void connectionClosed(NamedPipeConnection connection) {
		// Release the instance before forgetting the connection: close() waits for the set to
		// empty and promises that every handle is closed when it returns.
		if (!(this.accepting && !this.maxInstances.allowsAnother(this.instances.get())
				&& this.returnedInstances.offer(connection.handle()))) {
			releaseInstance(connection.handle());
		}
		this.connections.remove(connection);
	}

	private void connectionFailed(NamedPipeConnection connection, Throwable failure) {
		this.listener.failed(connection, failure);
	}

	private void releaseInstance(long handle) {
		this.api.close(handle);
		this.instances.decrementAndGet();
	}

	private void sweepIdle(long idleNanos) {
		long now = System.nanoTime();
		for (NamedPipeConnection connection : this.connections) {
			if (connection.isIdle(now, idleNanos)) {
				logger.debug("Closing pipe connection " + connection.id() + ": idle for longer than "
						+ this.options.idleTimeout());
				connection.close();
			}
		}
	}

	@Override
	public void stopAccepting() {
		if (!this.accepting) {
			return;
		}
		// Cancel the pending ConnectNamedPipe; repeat in case the accept thread was between calls.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		synchronized (this.listeningLock) {
			this.accepting = false;
		}
		while (this.acceptThread.isAlive() && System.nanoTime() < deadline) {
			long handle;
			synchronized (this.listeningLock) {
				handle = this.listeningHandle;
			}
			if (handle != NO_HANDLE) {
				this.api.cancel(handle);
			}
			try {
				this.acceptThread.join(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		releaseReturnedInstances();
	}

	/**
	 * Close every connection once its queued replies are written and read by the client, waiting
	 * at most {@value TransportSupport#CLOSE_TIMEOUT_MILLIS} ms for clients that do not read, then cancel and
	 * disconnect what is left. Every instance handle is closed on return.
	 */
	@Override
	public void close() {
		stopAccepting();
		this.idleSweeper.shutdownNow();
		for (NamedPipeConnection connection : this.connections) {
			connection.closeAfterInputAndWrites();
		}
		this.connections.awaitEmpty(TransportSupport.CLOSE_TIMEOUT_MILLIS);
		for (NamedPipeConnection connection : this.connections) {
			connection.close();
		}
		for (NamedPipeConnection connection : this.connections) {
			connection.awaitClosed(2000);
		}
		releaseReturnedInstances();
	}

	private void releaseReturnedInstances() {
		Long returned;
		while ((returned = this.returnedInstances.poll()) != null) {
			releaseInstance(returned);
		}
	}

	int instanceCount() {
		return this.instances.get();
	}

	int connectionCount() {
		return this.connections.size();
	}

}
