package dev.pipeipc.transport.windows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipePeer;
import dev.pipeipc.transport.TransportSupport;

/**
 * One connected pipe instance. A reader thread waits in {@code ReadFile} and a writer thread sends
 * queued replies, each with overlapped I/O on the same handle, so a pending read never blocks a
 * write. Each {@link #write} becomes exactly one pipe message.
 * <p>
 * Under message framing the reader reassembles messages larger than its buffer across
 * {@code ERROR_MORE_DATA} reads and refuses one over the size limit without keeping it; otherwise
 * it passes bytes on as they come. Closing after the queued writes flushes them
 * ({@code FlushFileBuffers}, so the client can read what is left) before disconnecting.
 */
final class NamedPipeConnection implements PipeConnection {

	private static final Log logger = LogFactory.getLog(NamedPipeConnection.class);

	private static final int HIGH_WATER_MARK = 4 * 1024 * 1024;

	private static final byte[] CLOSE_MARKER = new byte[0];

	private final long id;

	private final long handle;

	private final NamedPipeApi api;

	private final PipeListenOptions options;

	private final int bufferSize;

	private final Consumer<NamedPipeConnection> onClosed;

	private volatile @Nullable PipePeer peer;

	private final LinkedBlockingQueue<byte[]> outbound = new LinkedBlockingQueue<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicBoolean released = new AtomicBoolean();

	private final CountDownLatch threadsDone = new CountDownLatch(2);

	private final Object readGate = new Object();

	private volatile @Nullable PipeConnectionHandler handler;

	private volatile boolean closing;

	private long queuedBytes;

	private int readPauses;

	NamedPipeConnection(long id, long handle, NamedPipeApi api, PipeListenOptions options, int bufferSize,
			Consumer<NamedPipeConnection> onClosed) {
		this(id, handle, api, options, bufferSize, onClosed, null);
	}

	NamedPipeConnection(long id, long handle, NamedPipeApi api, PipeListenOptions options, int bufferSize,
			Consumer<NamedPipeConnection> onClosed, @Nullable PipePeer peer) {
		this.peer = (peer != null && peer.user() != null) ? peer : null;
		this.id = id;
		this.handle = handle;
		this.api = api;
		this.options = options;
		this.bufferSize = Math.max(4096, bufferSize);
		this.onClosed = onClosed;
	}

	/**
	 * Start reading and writing. The disconnected instance goes back to {@code onClosed} once the
	 * connection is closed and both threads have stopped.
	 */
	void start(PipeConnectionHandler handler) {
		this.handler = handler;
		String prefix = "pipe-" + this.options.serverName() + "-" + this.id;
		Thread reader = new Thread(this::readLoop, prefix + "-read");
		Thread writer = new Thread(this::writeLoop, prefix + "-write");
		reader.setDaemon(true);
		writer.setDaemon(true);
		reader.start();
		writer.start();
	}

	long handle() {
		return this.handle;
	}

	@Override
	public long id() {
		return this.id;
	}

	/**
	 * The client's process id, account and groups, read when it connected; if the user name was
	 * not known yet, looked up again when first asked (Windows may give the name from
	 * {@code GetNamedPipeHandleState} only after the server has read from the client, which a
	 * handler always has).
	 */
	@Override
	public @Nullable PipePeer peer() {
		PipePeer current = this.peer;
		if (current == null && !this.closed.get()) {
			current = WindowsPeers.read(this.api, this.handle);
			if (current != null && current.user() != null) {
				this.peer = current;
			}
		}
		return current;
	}

	private void readLoop() {
		try {
			byte[] buffer = new byte[this.bufferSize];
			ByteArrayOutputStream message = new ByteArrayOutputStream();
			long messageLength = 0;
			while (!this.closed.get()) {
				awaitReadingAllowed();
				NamedPipeApi.ReadResult result = this.api.read(this.handle, buffer, 0, buffer.length);
				if (result.isEnd()) {
					break;
				}
				PipeConnectionHandler current = this.handler;
				if (current == null) {
					break;
				}
				if (!this.options.messageFraming()) {
					current.onData(ByteBuffer.wrap(buffer, 0, result.count()));
					continue;
				}
				messageLength += result.count();
				if (messageLength <= this.options.maxMessageSize()) {
					message.write(buffer, 0, result.count());
				}
				else {
					message.reset();
				}
				if (result.moreData()) {
					continue;
				}
				if (messageLength > this.options.maxMessageSize()) {
					current.onMessageTooLong(messageLength);
				}
				else {
					current.onData(ByteBuffer.wrap(message.toByteArray()));
				}
				message.reset();
				messageLength = 0;
			}
		}
		catch (NamedPipeException ex) {
			if (!this.closed.get()) {
				logger.debug("Pipe connection " + this.id + " failed on read; closing it", ex);
			}
		}
		catch (RuntimeException ex) {
			logger.error("Pipe connection " + this.id + " handler failed; closing the connection", ex);
		}
		finally {
			close();
			threadExited();
		}
	}

	private void awaitReadingAllowed() {
		synchronized (this.readGate) {
			while ((this.readPauses > 0 || this.queuedBytes > HIGH_WATER_MARK) && !this.closed.get()) {
				try {
					this.readGate.wait(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private void writeLoop() {
		try {
			while (true) {
				byte[] message = this.outbound.poll(100, TimeUnit.MILLISECONDS);
				if (message == null) {
					if (this.closed.get()) {
						return;
					}
					continue;
				}
				if (message == CLOSE_MARKER) {
					if (!this.closed.get()) {
						this.api.flush(this.handle);
						close();
					}
					return;
				}
				synchronized (this.readGate) {
					this.queuedBytes -= message.length;
					this.readGate.notifyAll();
				}
				if (this.closed.get()) {
					return;
				}
				this.api.write(this.handle, message, 0, message.length);
			}
		}
		catch (NamedPipeException ex) {
			if (!this.closed.get()) {
				logger.debug("Pipe connection " + this.id + " failed on write; closing it", ex);
				close();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close();
		}
		finally {
			threadExited();
		}
	}

	/**
	 * Both threads have stopped using the handle only after the connection closed, so the last one
	 * out hands the disconnected instance back; reusing it earlier could let a stale read take a
	 * new client's bytes.
	 */
	private void threadExited() {
		this.threadsDone.countDown();
		if (this.threadsDone.getCount() == 0 && this.released.compareAndSet(false, true)) {
			this.onClosed.accept(this);
		}
	}

	@Override
	public void write(ByteBuffer... buffers) {
		if (this.closed.get() || this.closing) {
			return;
		}
		byte[] message = TransportSupport.toArray(buffers);
		int length = message.length;
		synchronized (this.readGate) {
			this.queuedBytes += length;
		}
		this.outbound.add(message);
	}

	@Override
	public long queuedBytes() {
		synchronized (this.readGate) {
			return this.queuedBytes;
		}
	}

	@Override
	public void pauseReading(boolean paused) {
		synchronized (this.readGate) {
			this.readPauses += paused ? 1 : -1;
			this.readGate.notifyAll();
		}
	}

	@Override
	public void closeAfterWrites() {
		if (this.closed.get() || this.closing) {
			return;
		}
		this.closing = true;
		this.outbound.add(CLOSE_MARKER);
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.api.cancel(this.handle);
		this.api.disconnect(this.handle);
		synchronized (this.readGate) {
			this.readGate.notifyAll();
		}
		// Wake the writer so it notices the close at once and the instance is released without delay.
		this.outbound.offer(CLOSE_MARKER);
		PipeConnectionHandler current = this.handler;
		this.handler = null;
		if (current != null) {
			current.onClosed();
		}
	}

	void awaitClosed(long millis) {
		try {
			this.threadsDone.await(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	boolean isIdle(long nowNanos, long idleNanos) {
		PipeConnectionHandler current = this.handler;
		return current != null && current.isIdle(nowNanos, idleNanos);
	}

	@Override
	public boolean isOpen() {
		return !this.closed.get();
	}

	@Override
	public String toString() {
		return "named pipe connection " + this.id;
	}

}
