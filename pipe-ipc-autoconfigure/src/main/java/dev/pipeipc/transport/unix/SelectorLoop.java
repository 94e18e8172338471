package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipeConnectionHandler;

/**
 * One I/O thread: a selector over many non-blocking connections. It reads what arrives into one
 * shared buffer and passes it to each connection's handler, flushes writes that did not complete
 * on the writer's thread, and closes connections that stay idle too long.
 * <p>
 * Handlers may run a message on the loop's thread ({@link #executeInline}). The loop is then
 * owned by whichever thread runs it: when the {@link HandOverWatchdog} sees a handler hold it
 * for too long, a new thread takes the selector over and the old one ends with its handler.
 */
final class SelectorLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(SelectorLoop.class);

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	/** How long a loop runs every message on workers after it had to be handed over. */
	static final long INLINE_SUSPENSION_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final String name;

	private final Selector selector;

	/** The thread running the loop; replaced when the loop is handed over. */
	private volatile Thread thread;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	/** The owner's read buffer; a new owner gets a new one, the old owner may still decode from its own. */
	private volatile ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);

	private @Nullable HandOverWatchdog watchdog;

	/** The thread running a handler inline right now, or {@code null}; the watchdog takes it away. */
	private final AtomicReference<@Nullable Thread> inlineThread = new AtomicReference<>();


	private volatile long inlineRuns;

	private volatile long inlineSuspendedUntil;

	private final Object handOverLock = new Object();

	// Written and read by the watchdog thread only.
	private @Nullable Thread lastSeenInlineThread;

	private long lastSeenInlineRuns;

	private int checksInSameRun;

	private final long idleNanos;

	private final java.util.List<UnixSocketConnection> lingering = new java.util.ArrayList<>();

	private volatile boolean running = true;

	private long lastIdleSweep = System.nanoTime();

	SelectorLoop(String name, long idleNanos) throws IOException {
		this.name = name;
		this.selector = Selector.open();
		this.idleNanos = idleNanos;
		this.thread = newThread();
		this.inlineSuspendedUntil = System.nanoTime();
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
		this.watchdog = watchdog;
	}

	void start() {
		this.thread.start();
	}

	void register(UnixSocketConnection connection, @Nullable PipeConnectionHandler handler) {
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
		long selectMillis = (this.idleNanos > 0)
				? Math.max(10, Math.min(250, TimeUnit.NANOSECONDS.toMillis(this.idleNanos) / 4)) : 250;
		while (this.running) {
			try {
				if (this.tasks.isEmpty()) {
					this.selector.select(selectMillis);
				}
				else {
					this.selector.selectNow();
				}
				runTasks();
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
				sweepLingering();
				sweepIdle();
			}
			catch (IOException | RuntimeException ex) {
				logger.error("Unexpected failure in pipe I/O loop '" + this.thread.getName() + "'", ex);
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

	private void runTasks() {
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.error("Pipe I/O task failed", ex);
			}
		}
	}

	private void process(SelectionKey key) {
		UnixSocketConnection connection = (UnixSocketConnection) key.attachment();
		try {
			if (key.isWritable()) {
				connection.flushFromLoop();
			}
			if (key.isValid() && key.isReadable()) {
				read(connection);
			}
		}
		catch (CancelledKeyException ex) {
			connection.close();
		}
	}

	private void read(UnixSocketConnection connection) {
		PipeConnectionHandler handler = connection.handler();
		ByteBuffer buffer = this.readBuffer;
		int n;
		try {
			buffer.clear();
			n = connection.channel().read(buffer);
		}
		catch (IOException ex) {
			logger.debug("Pipe connection " + connection.id() + " failed on read; closing it", ex);
			connection.close();
			return;
		}
		if (n < 0) {
			connection.peerClosedOutput();
			return;
		}
		if (n == 0 || handler == null || connection.isLingering()) {
			return;
		}
		buffer.flip();
		try {
			handler.onData(buffer);
		}
		catch (RuntimeException ex) {
			logger.error("Pipe connection " + connection.id() + " handler failed; closing the connection", ex);
			connection.close();
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
		HandOverWatchdog currentWatchdog = this.watchdog;
		Thread current = Thread.currentThread();
		if (currentWatchdog == null || current != this.thread || !this.running
				|| System.nanoTime() - this.inlineSuspendedUntil < 0) {
			return false;
		}
		this.inlineThread.set(current);
		this.inlineRuns++;
		currentWatchdog.watch();
		try {
			task.run();
		}
		finally {
			if (this.inlineThread.compareAndSet(current, null)) {
				// An interrupt meant for the handler must not reach the selector or the channels.
				Thread.interrupted();
			}
			else {
				synchronized (this.handOverLock) {
					// Handed over: the watchdog holds the lock until the new owner is in place, so
					// once it is released inLoop() answers false on this thread.
				}
			}
		}
		return true;
	}

	/**
	 * Called by the watchdog at every check: hand the loop over if the same handler run is still
	 * going on since the previous check and its thread waits (a lock, a sleep, a future, a pool),
	 * or if it has been running for {@link HandOverWatchdog#RUNNABLE_CHECKS} checks. A runnable
	 * thread may be computing, waiting in native I/O, or just preempted or paused by the garbage
	 * collector, which must not cost a hand-over.
	 * @return whether the loop ran handlers since the previous check or is running one
	 */
	boolean checkInline() {
		Thread runner = this.inlineThread.get();
		long runs = this.inlineRuns;
		boolean sameRun = runner != null && runner == this.lastSeenInlineThread && runs == this.lastSeenInlineRuns;
		boolean active = runner != null || runs != this.lastSeenInlineRuns;
		this.lastSeenInlineThread = runner;
		this.lastSeenInlineRuns = runs;
		this.checksInSameRun = sameRun ? this.checksInSameRun + 1 : 0;
		if (sameRun && runner != null && (runner.getState() != Thread.State.RUNNABLE
				|| this.checksInSameRun >= HandOverWatchdog.RUNNABLE_CHECKS)) {
			handOver(runner);
		}
		return active;
	}

	/**
	 * Whether a handler is running inline or ran since the last check, without counting as a check.
	 */
	boolean hasInlineActivity() {
		return this.inlineThread.get() != null || this.inlineRuns != this.lastSeenInlineRuns;
	}

	private void handOver(Thread stuck) {
		synchronized (this.handOverLock) {
			if (!this.inlineThread.compareAndSet(stuck, null)) {
				return;
			}
			this.readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
			this.inlineSuspendedUntil = System.nanoTime() + INLINE_SUSPENSION_NANOS;
			Thread next = newThread();
			this.thread = next;
			next.start();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Pipe I/O loop '" + this.name + "' handed over to a new thread: a handler on thread '"
					+ stuck.getName() + "' is " + stuck.getState());
		}
	}

	/**
	 * Track a connection whose output is shut down while its input is drained, so it is closed at
	 * the deadline even if the peer never closes its side.
	 */
	void linger(UnixSocketConnection connection) {
		this.lingering.add(connection);
	}

	private void sweepLingering() {
		if (this.lingering.isEmpty()) {
			return;
		}
		long now = System.nanoTime();
		this.lingering.removeIf((connection) -> {
			if (!connection.isOpen()) {
				return true;
			}
			if (now - connection.lingerDeadline() > 0) {
				connection.close();
				return true;
			}
			return false;
		});
	}

	private void sweepIdle() {
		if (this.idleNanos <= 0) {
			return;
		}
		long now = System.nanoTime();
		if (now - this.lastIdleSweep < this.idleNanos / 4) {
			return;
		}
		this.lastIdleSweep = now;
		for (SelectionKey key : this.selector.keys()) {
			UnixSocketConnection connection = (UnixSocketConnection) key.attachment();
			PipeConnectionHandler handler = connection.handler();
			if (handler != null && !connection.hasPendingWrites() && handler.isIdle(now, this.idleNanos)) {
				logger.debug("Closing pipe connection " + connection.id() + ": idle for longer than "
						+ TimeUnit.NANOSECONDS.toMillis(this.idleNanos) + " ms");
				connection.close();
			}
		}
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
