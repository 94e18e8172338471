package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipeConnectionHandler;

/**
 * One I/O thread: a selector over many non-blocking connections. It reads what arrives into one
 * shared buffer and passes it to each connection's handler, flushes writes that did not complete
 * on the writer's thread, and closes connections that stay idle too long.
 */
final class SelectorLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(SelectorLoop.class);

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private final Selector selector;

	private final Thread thread;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);

	private final long idleNanos;

	private final java.util.List<UnixSocketConnection> lingering = new java.util.ArrayList<>();

	private volatile boolean running = true;

	private long lastIdleSweep = System.nanoTime();

	SelectorLoop(String name, long idleNanos) throws IOException {
		this.selector = Selector.open();
		this.idleNanos = idleNanos;
		this.thread = new Thread(this, name);
		this.thread.setDaemon(true);
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
				for (SelectionKey key : this.selector.selectedKeys()) {
					process(key);
				}
				this.selector.selectedKeys().clear();
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
		int n;
		try {
			this.readBuffer.clear();
			n = connection.channel().read(this.readBuffer);
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
		this.readBuffer.flip();
		try {
			handler.onData(this.readBuffer);
		}
		catch (RuntimeException ex) {
			logger.error("Pipe connection " + connection.id() + " handler failed; closing the connection", ex);
			connection.close();
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
