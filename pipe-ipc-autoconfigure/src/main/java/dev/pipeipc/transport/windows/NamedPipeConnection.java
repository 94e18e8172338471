package dev.pipeipc.transport.windows;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
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
 * it passes bytes on as they come ({@link InboundMessages}). Closing after the queued writes flushes
 * them ({@code FlushFileBuffers}, so the client can read what is left) before disconnecting; when
 * the server stops, the pipe is first drained of what the client wrote, so that every request read
 * is answered ({@link #closeAfterInputAndWrites()}).
 * <p>
 * The file is a little over 400 lines because the reader, the writer and the graceful close work
 * on one handle and hand it to each other through a few flags (closed, draining, in a blocking
 * read); the order of those steps is what makes a stop lose nothing, so it is kept in one place.
 */
final class NamedPipeConnection implements PipeConnection {

	private static final Log logger = LogFactory.getLog(NamedPipeConnection.class);

	private static final int HIGH_WATER_MARK = 4 * 1024 * 1024;

	private static final byte[] CLOSE_MARKER = new byte[0];

	private static final int MAX_DRAIN_RETRIES = 100;

	private static final int MAX_FINAL_LOOKS = 8;

	private final long id;

	private final long handle;

	private final NamedPipeApi api;

	private final PipeListenOptions options;

	private final int bufferSize;

	private final Consumer<NamedPipeConnection> onClosed;

	private final BiConsumer<NamedPipeConnection, Throwable> onFailure;

	private volatile @Nullable PipePeer peer;

	private final LinkedBlockingQueue<byte[]> outbound = new LinkedBlockingQueue<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicBoolean released = new AtomicBoolean();

	private final CountDownLatch threadsDone = new CountDownLatch(2);

	private final CountDownLatch inputDone = new CountDownLatch(1);

	private final Object readGate = new Object();

	private volatile @Nullable PipeConnectionHandler handler;

	private volatile boolean closing;

	private volatile boolean drainOnClose;

	private volatile boolean draining;

	private volatile boolean blockingRead;

	private final InboundMessages inbound;

	private long queuedBytes;

	private int readPauses;

	NamedPipeConnection(long id, long handle, NamedPipeApi api, PipeListenOptions options, int bufferSize,
			Consumer<NamedPipeConnection> onClosed, BiConsumer<NamedPipeConnection, Throwable> onFailure,
			@Nullable PipePeer peer) {
		this.peer = (peer != null && peer.user() != null) ? peer : null;
		this.id = id;
		this.handle = handle;
		this.api = api;
		this.options = options;
		this.bufferSize = Math.max(4096, bufferSize);
		this.onClosed = onClosed;
		this.onFailure = onFailure;
		this.inbound = new InboundMessages(options, this.bufferSize, () -> this.handler);
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
		InboundMessages inbound = this.inbound;
		try {
			while (!this.closed.get()) {
				awaitReadingAllowed();
				if (this.draining) {
					drainInput(inbound);
					return;
				}
				NamedPipeApi.ReadResult result;
				this.blockingRead = true;
				try {
					result = this.api.read(this.handle, inbound.buffer, 0, inbound.buffer.length);
				}
				catch (NamedPipeException ex) {
					if (this.draining && ex.getErrorCode() == NamedPipeApi.ERROR_OPERATION_ABORTED) {
						drainInput(inbound);
						return;
					}
					throw ex;
				}
				finally {
					this.blockingRead = false;
				}
				if (result.isEnd() || !inbound.deliver(result)) {
					break;
				}
			}
		}
		catch (NamedPipeException ex) {
			if (!this.closed.get()) {
				logger.debug("Pipe connection " + this.id + " failed on read; closing it", ex);
			}
			close();
		}
		catch (Throwable ex) {
			failed(ex);
		}
		finally {
			this.inputDone.countDown();
			if (!this.draining) {
				// The writer closes a draining connection once the drained requests are answered.
				close();
			}
			threadExited();
		}
	}

	/**
	 * A graceful close stopped the blocking read: take what the client wrote before it, as far as
	 * {@code PeekNamedPipe} sees, so that every request written whole is read and answered
	 * (refused, at this point) instead of being discarded by {@code DisconnectNamedPipe}.
	 */
	private boolean drainInput(InboundMessages inbound) throws NamedPipeException {
		int aborted = 0;
		boolean delivered = false;
		while (!this.closed.get()) {
			int available = this.api.available(this.handle);
			if (available <= 0) {
				return delivered;
			}
			NamedPipeApi.ReadResult result;
			try {
				result = this.api.read(this.handle, inbound.buffer, 0, inbound.buffer.length);
			}
			catch (NamedPipeException ex) {
				// The writer's cancel of the blocking read may land on this one instead: read again.
				if (ex.getErrorCode() == NamedPipeApi.ERROR_OPERATION_ABORTED && ++aborted < MAX_DRAIN_RETRIES) {
					continue;
				}
				throw ex;
			}
			if (result.isEnd() || !inbound.deliver(result)) {
				return delivered;
			}
			delivered = true;
		}
		return delivered;
	}

	/**
	 * Handling a message threw, an {@link Error} included: close this connection only, tell the
	 * listener, and let the other connections go on. Nothing here may throw.
	 */
	private void failed(Throwable failure) {
		try {
			logger.error("Pipe '" + this.options.serverName() + "' closes connection " + this.id
					+ " because handling it threw " + failure + "; the other connections are still served", failure);
		}
		catch (Throwable ex) {
			// Logging failed too (out of memory, most likely); closing matters more.
		}
		try {
			this.draining = false;
			close();
		}
		catch (Throwable ex) {
			// The close callback failed; the connection is closed all the same.
		}
		try {
			this.onFailure.accept(this, failure);
		}
		catch (Throwable ex) {
			// The listener failed while being told; nothing more can be done on this thread.
		}
	}

	private void awaitReadingAllowed() {
		synchronized (this.readGate) {
			while ((this.readPauses > 0 || this.queuedBytes > HIGH_WATER_MARK) && !this.closed.get()
					&& !this.draining) {
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
					if (this.closed.get()) {
						return;
					}
					if (this.drainOnClose) {
						finishInputThenClose();
					}
					else {
						this.api.flush(this.handle);
						close();
					}
					return;
				}
				send(message);
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
		catch (Throwable ex) {
			failed(ex);
		}
		finally {
			threadExited();
		}
	}

	private void send(byte[] message) throws NamedPipeException {
		synchronized (this.readGate) {
			this.queuedBytes -= message.length;
			this.readGate.notifyAll();
		}
		if (!this.closed.get()) {
			this.api.write(this.handle, message, 0, message.length);
		}
	}

	/**
	 * The graceful end of a connection, once the replies queued before it are written: stop the
	 * reader's blocking read, let it take and hand on what the client had already written (its
	 * requests are answered, with {@code -32000} while the server stops), write those answers,
	 * then flush and disconnect. A request the client writes after the reader's last look is
	 * discarded by {@code DisconnectNamedPipe}: Windows has no way to refuse further writes
	 * while still reading, as shutting down a socket's read side does.
	 */
	private void finishInputThenClose() throws NamedPipeException, InterruptedException {
		this.draining = true;
		synchronized (this.readGate) {
			this.readGate.notifyAll();
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TransportSupport.CLOSE_TIMEOUT_MILLIS);
		while (this.draining && !this.closed.get() && System.nanoTime() < deadline) {
			if (this.inputDone.getCount() > 0 && this.blockingRead) {
				// Only the reader has an operation pending now; repeated in case it was just starting it.
				this.api.cancel(this.handle);
			}
			byte[] message = this.outbound.poll(10, TimeUnit.MILLISECONDS);
			if (message != null) {
				if (message != CLOSE_MARKER) {
					send(message);
				}
			}
			else if (this.inputDone.getCount() == 0) {
				break;
			}
		}
		// Once the reader is done, this thread owns the read side: after each flush the client may
		// have written again (it had an answer to act on), so look once more before disconnecting.
		boolean inputIsOurs = this.inputDone.getCount() == 0;
		for (int look = 0; look < MAX_FINAL_LOOKS && !this.closed.get(); look++) {
			this.api.flush(this.handle);
			if (!inputIsOurs || !drainInput(this.inbound)) {
				break;
			}
			byte[] message;
			while ((message = this.outbound.poll()) != null) {
				if (message != CLOSE_MARKER) {
					send(message);
				}
			}
		}
		close();
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
		// Accepted while closing: the answers to what the reader drains go out before the disconnect.
		if (this.closed.get()) {
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

	/**
	 * The server stops: close after the queued replies, and first read and answer what the client
	 * has already written (see {@link #finishInputThenClose()}).
	 */
	void closeAfterInputAndWrites() {
		this.drainOnClose = true;
		closeAfterWrites();
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
