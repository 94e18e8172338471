package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.pipeipc.transport.LiveConnections;
import dev.pipeipc.transport.PeerGate;
import dev.pipeipc.transport.PipeConnectionListener;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipeListener;
import dev.pipeipc.transport.PipePeer;
import dev.pipeipc.transport.PipePeerAuthorizer;
import dev.pipeipc.transport.TransportSupport;

/**
 * A bound Unix domain socket: a blocking accept thread that hands each connection to one of the
 * selector loops, round-robin, and refuses connections over the configured maximum.
 */
final class UnixSocketListener implements PipeListener {

	private static final Log logger = LogFactory.getLog(UnixSocketListener.class);

	private final PipeListenOptions options;

	private final ServerSocketChannel server;

	private final SocketFile socketFile;

	private final PipeConnectionListener listener;

	private final SelectorLoop[] loops;

	private final LiveConnections<UnixSocketConnection> connections = new LiveConnections<>();

	private final AtomicLong connectionIds = new AtomicLong();

	private final Thread acceptThread;

	private final HandOverWatchdog watchdog;

	private final IoFailures failures;

	private final PeerGate gate;

	private volatile boolean accepting = true;


	/** How long a connection closed by the server reads and discards what the client still sends. */
	static final long SERVER_CLOSE_LINGER_MILLIS = 100;

	/** How long stopping waits for the I/O threads to stop the input of every connection. */
	static final long STOP_INPUT_TIMEOUT_MILLIS = 1000;

	UnixSocketListener(PipeListenOptions options, ServerSocketChannel server, SocketFile socketFile,
			PipeConnectionListener listener, int ioThreads) throws IOException {
		this(options, server, socketFile, listener, ioThreads, PipePeerAuthorizer.ALLOW_ALL);
	}

	UnixSocketListener(PipeListenOptions options, ServerSocketChannel server, SocketFile socketFile,
			PipeConnectionListener listener, int ioThreads, PipePeerAuthorizer authorizer) throws IOException {
		this.gate = new PeerGate(options.serverName(), authorizer);
		this.options = options;
		this.server = server;
		this.socketFile = socketFile;
		this.listener = listener;
		this.failures = new IoFailures(options.serverName(), listener);
		long idleNanos = (options.idleTimeout() != null) ? options.idleTimeout().toNanos() : 0;
		this.loops = new SelectorLoop[ioThreads];
		for (int i = 0; i < ioThreads; i++) {
			this.loops[i] = new SelectorLoop("pipe-" + options.serverName() + "-io-" + i, idleNanos, this.failures);
		}
		this.watchdog = new HandOverWatchdog("pipe-" + options.serverName() + "-io-watchdog", List.of(this.loops),
				this.failures);
		for (SelectorLoop loop : this.loops) {
			loop.enableInline(this.watchdog);
		}
		this.acceptThread = new Thread(this::acceptLoop, "pipe-" + options.serverName() + "-accept");
		// Not a daemon: like a web server's, a listening pipe keeps the application running.
		this.acceptThread.setDaemon(false);
	}

	void start() {
		this.watchdog.start();
		for (SelectorLoop loop : this.loops) {
			loop.start();
		}
		this.acceptThread.start();
	}

	@Override
	public String address() {
		return this.socketFile.path().toString();
	}

	private void acceptLoop() {
		int next = 0;
		while (this.accepting) {
			SocketChannel channel;
			try {
				channel = this.server.accept();
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException ex) {
				if (this.accepting) {
					logger.warn("Pipe '" + this.options.serverName() + "' failed to accept a connection", ex);
					TransportSupport.pauseAfterFailure();
				}
				continue;
			}
			catch (Throwable ex) {
				// An Error while accepting (out of memory, out of threads) must not stop accepting.
				this.failures.threadFailed(Thread.currentThread().getName(), ex);
				TransportSupport.pauseAfterFailure();
				continue;
			}
			SelectorLoop loop = this.loops[next];
			next = (next + 1) % this.loops.length;
			try {
				admit(channel, loop);
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Pipe '" + this.options.serverName() + "' failed to set up a connection", ex);
				closeQuietly(channel);
			}
			catch (Throwable ex) {
				closeQuietly(channel);
				this.failures.threadFailed(Thread.currentThread().getName(), ex);
			}
		}
	}

	private void admit(SocketChannel channel, SelectorLoop loop) throws IOException {
		PipePeer peer = UnixPeers.read(channel);
		if (!this.gate.admits(peer)) {
			// Refused before any byte is read: the client sees its connection closed.
			closeQuietly(channel);
			return;
		}
		channel.configureBlocking(false);
		UnixSocketConnection connection = new UnixSocketConnection(this.connectionIds.incrementAndGet(), channel,
				loop, this.connections::remove, peer);
		int max = this.options.maxConnections();
		if (max >= 0 && this.connections.size() >= max) {
			logger.debug("Pipe '" + this.options.serverName() + "' refuses a connection: all " + max
					+ " instances are busy");
			loop.register(connection, null);
			this.listener.refused(connection);
			connection.closeAfterWrites();
			return;
		}
		this.connections.add(connection);
		try {
			connection.setHandler(this.listener.connected(connection));
		}
		catch (RuntimeException | Error ex) {
			connection.close();
			throw ex;
		}
		loop.register(connection, connection.handler());
	}

	/**
	 * Stop accepting, then stop the input of every connection: what each socket already holds is
	 * read and handed to its handler, and its read side is shut down, so a client's later writes
	 * fail rather than vanish. Connections stay open for the replies still owed; each handler
	 * closes its connection once they are written. Waits at most
	 * {@value #STOP_INPUT_TIMEOUT_MILLIS} ms for the I/O threads to do so.
	 */
	@Override
	public void stopAccepting() {
		if (!this.accepting) {
			return;
		}
		this.accepting = false;
		closeQuietly(this.server);
		try {
			this.acceptThread.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		stopInput();
	}

	private void stopInput() {
		List<UnixSocketConnection> open = new ArrayList<>();
		this.connections.forEach(open::add);
		// One look through the process's descriptors for all of them, not one per connection.
		this.loops[0].sockets().resolve(open);
		CountDownLatch stopped = new CountDownLatch(open.size());
		for (UnixSocketConnection connection : open) {
			connection.loop().stopInput(connection, stopped::countDown);
		}
		try {
			if (!stopped.await(STOP_INPUT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
				logger.warn("Pipe '" + this.options.serverName() + "' could not stop the input of "
						+ stopped.getCount() + " connection(s) within " + STOP_INPUT_TIMEOUT_MILLIS + " ms");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Close every connection once what is queued for it has been written (a large reply still on
	 * its way is not cut off), waiting at most {@value TransportSupport#CLOSE_TIMEOUT_MILLIS} ms for clients that
	 * do not read, then release the loops.
	 */
	@Override
	public void close() {
		stopAccepting();
		for (UnixSocketConnection connection : this.connections) {
			connection.closeAfterWrites(SERVER_CLOSE_LINGER_MILLIS);
		}
		this.connections.awaitEmpty(TransportSupport.CLOSE_TIMEOUT_MILLIS);
		for (UnixSocketConnection connection : this.connections) {
			connection.close();
		}
		for (SelectorLoop loop : this.loops) {
			loop.shutdown();
		}
		this.watchdog.shutdown();
		// Deleted last: while the server drains, its path stays taken, so no one else can bind it.
		this.socketFile.delete();
	}

	int connectionCount() {
		return this.connections.size();
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// Nothing left to release.
		}
	}

}
