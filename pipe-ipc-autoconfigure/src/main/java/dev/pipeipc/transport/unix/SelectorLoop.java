package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.TransportSupport;

/**
 * One I/O thread: a selector over many non-blocking connections. It runs the tasks other threads
 * hand it, flushes writes that did not complete on the writer's thread, passes what arrives to
 * each connection's handler through its {@link InboundReader}, and lets its
 * {@link ConnectionSweeper} close connections that outstay their time.
 * <p>
 * Handlers may run a message on the loop's thread ({@link #executeInline}, through an
 * {@link InlineRunner}). The loop is then owned by whichever thread runs it: when the
 * {@link HandOverWatchdog} sees a handler hold it for too long, a new thread takes the selector
 * over and the old one ends with its handler.
 * <p>
 * No {@link Throwable} ends the loop: what handling a connection throws, {@link Error}s included,
 * closes that connection through {@link IoFailures} and the loop goes on with the others.
 */
final class SelectorLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(SelectorLoop.class);

	private final String name;

	private final Selector selector;

	/** The thread running the loop; replaced when the loop is handed over. */
	private volatile Thread thread;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	/** The owner's reader; a new owner gets a new one, the old owner may still decode from its own. */
	private volatile InboundReader reader;

	private @Nullable InlineRunner inline;

	private final ConnectionSweeper sweeper;

	private final IoFailures failures;

	private volatile boolean running = true;

	private final NativeSocketControl sockets;

	SelectorLoop(String name, long idleNanos, IoFailures failures) throws IOException {
		this(name, idleNanos, failures, DeferredSocketControl.INSTANCE);
	}

	SelectorLoop(String name, long idleNanos, IoFailures failures, NativeSocketControl sockets) throws IOException {
		this.name = name;
		this.sockets = sockets;
		this.failures = failures;
		this.reader = new InboundReader(failures);
		this.selector = Selector.open();
		this.sweeper = new ConnectionSweeper(idleNanos);
		this.thread = newThread();
	}

	private Thread newThread() {
		Thread loopThread = new Thread(this, this.name);
		loopThread.setDaemon(true);
		return loopThread;
	}

	/**
	 * Let handlers run on this loop's thread, watched by the given watchdog; without one, every
	 * message goes to a worker.
	 */
	void enableInline(HandOverWatchdog watchdog) {
		this.inline = new InlineRunner(this.name, watchdog, this::replaceOwner);
	}

	void start() {
		this.thread.start();
	}

	void register(UnixSocketConnection connection, @Nullable PipeConnectionHandler handler) {
		if (this.sockets instanceof DeferredSocketControl deferred) {
			deferred.prepare();
		}
		execute(() -> {
			try {
				int ops = (handler != null) ? SelectionKey.OP_READ : 0;
				SelectionKey key = connection.channel().register(this.selector, ops, connection);
				connection.attach(key);
				connection.flushFromLoop();
			}
			catch (ClosedChannelException ex) {
				connection.close();
			}
			catch (Throwable ex) {
				this.failures.connectionFailed(connection, ex);
			}
		});
	}

	/**
	 * Stop a connection's input on this loop's thread: read what its socket holds, then shut its
	 * read side down (see {@link UnixSocketConnection#stopInput}).
	 * @param connection a connection of this loop
	 * @param done run afterwards, whatever happened
	 */
	void stopInput(UnixSocketConnection connection, Runnable done) {
		execute(() -> {
			try {
				connection.stopInput(this.reader);
			}
			catch (Throwable ex) {
				this.failures.connectionFailed(connection, ex);
			}
			finally {
				done.run();
			}
		});
	}

	void execute(Runnable task) {
		this.tasks.add(task);
		if (Thread.currentThread() != this.thread) {
			this.selector.wakeup();
		}
	}

	boolean inLoop() {
		return Thread.currentThread() == this.thread;
	}

	@Override
	public void run() {
		long selectMillis = this.sweeper.selectMillis();
		while (this.running) {
			try {
				if (this.tasks.isEmpty()) {
					this.selector.select(selectMillis);
				}
				else {
					this.selector.selectNow();
				}
				if (!runTasks()) {
					return;
				}
				Iterator<SelectionKey> selected = this.selector.selectedKeys().iterator();
				while (selected.hasNext()) {
					SelectionKey key = selected.next();
					selected.remove();
					process(key);
					if (!inLoop()) {
						// Handed over while a handler ran here: the keys left belong to the new owner.
						return;
					}
				}
				this.sweeper.sweep(this.selector.keys());
			}
			catch (IOException ex) {
				logger.error("Unexpected failure in pipe I/O loop '" + this.thread.getName() + "'", ex);
			}
			catch (Throwable ex) {
				this.failures.threadFailed(this.name, ex);
				// The selector itself failed: do not spin on it.
				TransportSupport.pauseAfterFailure();
			}
		}
		runTasks();
		for (SelectionKey key : this.selector.keys()) {
			((UnixSocketConnection) key.attachment()).close();
		}
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// Nothing left to release.
		}
	}

	/**
	 * Run the tasks handed to the loop.
	 * @return {@code false} if a task ran a handler inline and the loop was handed over meanwhile:
	 * the tasks left belong to the new owner
	 */
	private boolean runTasks() {
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			try {
				task.run();
			}
			catch (Throwable ex) {
				this.failures.threadFailed(this.name, ex);
			}
			if (!inLoop()) {
				return false;
			}
		}
		return true;
	}

	private void process(SelectionKey key) {
		UnixSocketConnection connection = (UnixSocketConnection) key.attachment();
		try {
			if (key.isWritable()) {
				connection.flushFromLoop();
			}
			// Tasks run between select and this step may have paused reading (a connection at its
			// limit of requests in progress, a server stopping): readiness selected before that
			// must not read past the pause.
			if (key.isValid() && key.isReadable() && (key.interestOps() & SelectionKey.OP_READ) != 0) {
				this.reader.read(connection);
			}
		}
		catch (CancelledKeyException ex) {
			connection.close();
		}
		catch (Throwable ex) {
			this.failures.connectionFailed(connection, ex);
		}
	}

	/**
	 * Run a message's handling on the loop's thread. The watchdog hands the loop over to a new
	 * thread if the handler takes long; this thread then finishes the handler and ends. Callers
	 * run inline only the last message of what they read, after decoding it all, so nothing of the
	 * connection waits behind the handler and the new owner may read it at once.
	 * @return {@code false} if the caller must dispatch the task: not on this loop's thread, no
	 * watchdog, or running inline is suspended after a recent hand-over
	 */
	boolean executeInline(Runnable task) {
		InlineRunner runner = this.inline;
		if (runner == null || Thread.currentThread() != this.thread || !this.running || runner.isSuspended()) {
			return false;
		}
		runner.run(task);
		return true;
	}

	/**
	 * Called by the watchdog at every check.
	 * @return whether the loop ran handlers since the previous check or is running one
	 * @see InlineRunner#check()
	 */
	boolean checkInline() {
		InlineRunner runner = this.inline;
		return runner != null && runner.check();
	}

	/**
	 * Whether a handler is running inline or ran since the last check, without counting as a check.
	 */
	boolean hasInlineActivity() {
		InlineRunner runner = this.inline;
		return runner != null && runner.hasActivity();
	}

	/**
	 * Hand the selector to a new thread with a reader of its own; called by the inline runner
	 * while the stuck thread waits for it to finish.
	 */
	private void replaceOwner() {
		this.reader = new InboundReader(this.failures);
		Thread next = newThread();
		this.thread = next;
		next.start();
	}

	/**
	 * Track a connection whose output is shut down while its input is drained, so it is closed at
	 * the deadline even if the peer never closes its side.
	 */
	void linger(UnixSocketConnection connection) {
		this.sweeper.linger(connection);
	}

	/**
	 * Keep checking, while its replies are owed, whether the peer of a connection that shut its
	 * sending side has closed its socket meanwhile (see {@link UnixSocketConnection#closeIfPeerGone()}).
	 */
	void watchPeer(UnixSocketConnection connection) {
		if (this.sockets.isAvailable()) {
			this.sweeper.watchPeer(connection);
		}
	}

	NativeSocketControl sockets() {
		return this.sockets;
	}

	void shutdown() {
		this.running = false;
		this.selector.wakeup();
		if (!inLoop()) {
			try {
				this.thread.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
