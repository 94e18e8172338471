package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipePeer;

/**
 * A non-blocking Unix domain socket connection: its {@link OutboundQueue}, which interest the
 * selector loop has in it (reading pauses while the handler asks or while more than
 * {@value OutboundQueue#HIGH_WATER_MARK} bytes wait for a slow peer, so one client that does not
 * read its replies cannot make the server buffer without bound), and a graceful close that lets
 * the peer read the last replies.
 * <p>
 * The file is just over 400 lines: the close paths (graceful, input stopped, peer gone) share the
 * connection's state with reading and writing, and are kept beside them.
 */
final class UnixSocketConnection implements PipeConnection {

	private static final Log logger = LogFactory.getLog(UnixSocketConnection.class);

	/** How long a gracefully closed connection reads and discards input while the peer closes. */
	static final long LINGER_MILLIS = 2000;

	private final long id;

	private final SocketChannel channel;

	private final SelectorLoop loop;

	private final Consumer<UnixSocketConnection> onClose;

	private final @Nullable PipePeer peer;

	private final OutboundQueue outbound;

	private final SelectionInterest interest = new SelectionInterest();

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile @Nullable PipeConnectionHandler handler;

	private @Nullable SelectionKey key;

	private volatile boolean outputShut;

	/** Whether the server shut down this connection's input; set by the loop thread. */
	private volatile boolean inputStopped;

	/** Whether the handler was told that no more input comes; touched by the loop thread only. */
	private boolean inputEnded;

	private volatile long lingerDeadline;

	/** Value of {@link #descriptor()} before anyone looked for it. */
	static final int UNRESOLVED = -1;

	/** Value of {@link #descriptor()} when it could not be found. */
	static final int NOT_FOUND = -2;

	/** The socket's descriptor, found by {@link NativeSocketControl} when first needed. */
	private volatile int descriptor = UNRESOLVED;

	private long lingerMillis = LINGER_MILLIS;

	UnixSocketConnection(long id, SocketChannel channel, SelectorLoop loop, Consumer<UnixSocketConnection> onClose) {
		this(id, channel, loop, onClose, UnixPeers.read(channel));
	}

	UnixSocketConnection(long id, SocketChannel channel, SelectorLoop loop, Consumer<UnixSocketConnection> onClose,
			@Nullable PipePeer peer) {
		this.id = id;
		this.channel = channel;
		this.loop = loop;
		this.onClose = onClose;
		this.peer = peer;
		this.outbound = new OutboundQueue(channel);
	}

	@Override
	public long id() {
		return this.id;
	}

	@Override
	public @Nullable PipePeer peer() {
		return this.peer;
	}

	SocketChannel channel() {
		return this.channel;
	}

	SelectorLoop loop() {
		return this.loop;
	}

	/**
	 * The socket's descriptor, for {@link NativeSocketControl}.
	 * @return the descriptor, {@link #UNRESOLVED} or {@link #NOT_FOUND}
	 */
	int descriptor() {
		return this.descriptor;
	}

	void descriptorResolved(int descriptor) {
		this.descriptor = descriptor;
	}

	void setHandler(PipeConnectionHandler handler) {
		this.handler = handler;
	}

	@Nullable PipeConnectionHandler handler() {
		return this.handler;
	}

	void attach(SelectionKey key) {
		synchronized (this) {
			this.key = key;
		}
	}

	@Override
	public void write(ByteBuffer... buffers) {
		boolean queued;
		synchronized (this) {
			if (this.closed.get() || this.outbound.isClosing()) {
				return;
			}
			try {
				queued = this.outbound.write(buffers);
			}
			catch (IOException ex) {
				logger.debug("Pipe connection " + this.id + " failed on write; closing it", ex);
				closeLater();
				return;
			}
		}
		if (queued) {
			this.loop.execute(this::flushFromLoop);
		}
	}

	/**
	 * Flush queued bytes; runs on the loop thread.
	 */
	void flushFromLoop() {
		boolean close = false;
		synchronized (this) {
			if (this.closed.get()) {
				return;
			}
			try {
				this.outbound.flush();
			}
			catch (IOException ex) {
				logger.debug("Pipe connection " + this.id + " failed on write; closing it", ex);
				close = true;
			}
			if (!close) {
				updateInterest();
				if (this.outbound.isDrainedForClose() && !this.outputShut) {
					close = !shutdownOutput();
				}
			}
		}
		if (close) {
			close();
		}
	}

	/**
	 * Finish a graceful close: send end-of-stream, then read and discard until the peer closes too
	 * (or the linger time passes; {@value #LINGER_MILLIS} ms unless the server itself is closing).
	 * Closing with unread input would make the peer see a reset instead of the replies written
	 * just before.
	 * @return {@code false} if the connection should be closed at once instead
	 */
	private boolean shutdownOutput() {
		if (this.inputStopped) {
			// The server shut the input down: the peer's writes already fail, nothing is left to
			// drain. Closing at once, rather than ending the output first, lets the kernel report a
			// reset to a peer whose request arrived too late to be read.
			return false;
		}
		try {
			this.channel.shutdownOutput();
		}
		catch (IOException ex) {
			return false;
		}
		this.outputShut = true;
		this.lingerDeadline = System.nanoTime() + this.lingerMillis * 1_000_000L;
		SelectionKey selectionKey = this.key;
		if (selectionKey == null || !selectionKey.isValid()) {
			return false;
		}
		selectionKey.interestOps(SelectionKey.OP_READ);
		this.loop.linger(this);
		return true;
	}

	boolean isLingering() {
		return this.outputShut;
	}

	long lingerDeadline() {
		return this.lingerDeadline;
	}

	private void updateInterest() {
		SelectionKey selectionKey = this.key;
		if (selectionKey == null || !selectionKey.isValid()) {
			return;
		}
		int ops = this.interest.update(this.handler != null, this.outbound);
		if (!this.outputShut) {
			selectionKey.interestOps(ops);
		}
	}

	@Override
	public boolean executeInline(Runnable task) {
		return this.loop.executeInline(task);
	}

	@Override
	public void pauseReading(boolean paused) {
		this.loop.execute(() -> {
			synchronized (this) {
				this.interest.pauseReading(paused);
				updateInterest();
			}
		});
	}

	@Override
	public void closeAfterWrites() {
		closeAfterWrites(LINGER_MILLIS);
	}

	/**
	 * Close once queued bytes are written, then read and discard input for at most
	 * {@code lingerMillis} so the peer sees a clean end rather than a reset.
	 */
	void closeAfterWrites(long lingerMillis) {
		synchronized (this) {
			this.outbound.closeAfterWrites();
			this.lingerMillis = Math.min(this.lingerMillis, lingerMillis);
		}
		this.loop.execute(this::flushFromLoop);
	}

	@Override
	public synchronized long queuedBytes() {
		return this.outbound.pendingBytes();
	}

	synchronized boolean hasPendingWrites() {
		return !this.outbound.isEmpty();
	}

	/**
	 * Stop the input of a server that is stopping; runs on the loop thread. The read side is shut
	 * down at the socket first, so the peer's later writes fail instead of vanishing unread; then
	 * everything the socket holds is read and handed to the handler (the server answers each
	 * request in it), up to the end of stream, and the handler is told no more input comes: it
	 * closes the connection once the replies it owes are written. Nothing the peer wrote
	 * successfully is left unread.
	 * <p>
	 * Where {@link NativeSocketControl} cannot shut the socket down that way, the JDK's
	 * {@link SocketChannel#shutdownInput()} is used, after which the JDK reads nothing: the socket
	 * is drained just before it, and bytes that arrive in between are never read. The peer then
	 * reads the replies sent before and a connection reset, or end of stream.
	 * @param reader the loop owner's reader
	 */
	void stopInput(InboundReader reader) {
		if (this.closed.get() || this.handler == null || isLingering() || this.inputStopped) {
			return;
		}
		this.inputStopped = true;
		if (this.loop.sockets().shutdownInput(this)) {
			reader.readAll(this);
			if (isOpen() && !this.inputEnded) {
				peerClosedOutput();
			}
			return;
		}
		if (reader.readAll(this)) {
			// The peer had already shut its side (handled as such), or the connection closed.
			return;
		}
		try {
			this.channel.shutdownInput();
		}
		catch (IOException ex) {
			logger.debug("Pipe connection " + this.id + " failed to shut down its input; closing it", ex);
			close();
			return;
		}
		peerClosedOutput();
	}

	/**
	 * End of stream: the peer shut down its sending side, or closed its socket. If it closed it
	 * (or its process ended) while its requests are handled, nobody will read their replies: the
	 * connection closes at once, which cancels them. If it only shut its sending side, nothing
	 * more will arrive, but it still reads, so the connection closes once the replies owed are
	 * written, and the loop keeps checking meanwhile that the peer has not gone.
	 */
	void peerClosedOutput() {
		PipeConnectionHandler current = this.handler;
		if (current == null || isLingering()) {
			close();
			return;
		}
		if (this.inputEnded) {
			// Already told: the server shut the input down itself, and reads now end at once.
			return;
		}
		if (current.hasWorkInProgress() && closeIfPeerGone()) {
			return;
		}
		this.inputEnded = true;
		synchronized (this) {
			this.interest.pauseReading(true);
			updateInterest();
		}
		current.onInputClosed();
		if (isOpen() && current.hasWorkInProgress()) {
			this.loop.watchPeer(this);
		}
	}

	/**
	 * Close the connection if its peer closed its socket; runs on the loop thread.
	 * @return {@code true} if the peer was gone and the connection is now closed
	 */
	boolean closeIfPeerGone() {
		if (!this.loop.sockets().isPeerGone(this)) {
			return false;
		}
		logger.debug("Pipe connection " + this.id + ": the peer closed its socket; closing the connection, "
				+ "which cancels its requests in progress");
		close();
		return true;
	}

	/**
	 * Whether the handler has requests in progress that a vanished peer should cancel.
	 */
	boolean hasWorkInProgress() {
		PipeConnectionHandler current = this.handler;
		return current != null && current.hasWorkInProgress();
	}

	private void closeLater() {
		this.loop.execute(this::close);
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		synchronized (this) {
			this.outbound.clear();
		}
		this.onClose.accept(this);
		PipeConnectionHandler current = this.handler;
		if (current != null) {
			this.handler = null;
			current.onClosed();
		}
	}

	@Override
	public boolean isOpen() {
		return !this.closed.get();
	}

	@Override
	public String toString() {
		return "pipe connection " + this.id;
	}

}
