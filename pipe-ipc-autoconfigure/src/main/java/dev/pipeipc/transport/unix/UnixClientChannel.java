package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.ClientChannel;
import dev.pipeipc.transport.PipeServerTrustException;

/**
 * The client end of a Unix domain socket, in non-blocking mode: the reader waits on a selector of
 * its own, a caller that reads its own answer on another, and each caller writes its frame
 * itself, one at a time.
 * <p>
 * Non-blocking mode is what makes writing from the caller's thread safe. A {@link SocketChannel}
 * in blocking mode closes itself when a thread blocked in it is interrupted
 * ({@link java.nio.channels.InterruptibleChannel}), so one interrupted caller would break the
 * connection every other call shares. In non-blocking mode the JDK installs no interrupt hook, and
 * when the socket's send buffer is full the writer waits on a selector, which an interrupt only
 * wakes: the writer clears the interrupt, finishes its frame (half a frame would corrupt the
 * stream for everyone), and sets the interrupt again before it returns.
 */
public final class UnixClientChannel implements ClientChannel {

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	/**
	 * Frames up to this size are copied into one buffer of the channel's and written at once;
	 * larger ones are written a buffer at a time, heap buffers in slices.
	 */
	private static final int WRITE_BUFFER_SIZE = 16 * 1024;

	private final SocketChannel channel;

	/**
	 * Direct, as the socket reads into: a heap buffer would be read through one of the JDK's
	 * temporary direct buffers, looked up per thread and copied from on every read.
	 */
	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);

	/**
	 * Where a small frame's parts are joined before it is written, guarded by {@link #writeLock}:
	 * one copy and one {@code write}, where writing the parts would copy each into a temporary
	 * direct buffer of the thread's and gather them with {@code writev}.
	 */
	private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_SIZE);

	private final Selector readable;

	private final Object writeLock = new Object();

	/**
	 * Opened on the first write that finds the send buffer full; guarded by {@link #writeLock} for
	 * writers, read without it by {@link #close()}.
	 */
	private volatile @Nullable Selector writable;

	/**
	 * Where a thread other than the reader thread waits for bytes. Opened with the channel, not on
	 * first use: a {@link #wakeReaders()} that comes before a caller's select must find it, so that
	 * the select returns at once instead of waiting for bytes that may never come.
	 */
	private final Selector callerReadable;

	private boolean lastReadFilledBuffer;

	private UnixClientChannel(SocketChannel channel, Selector readable, Selector callerReadable) {
		this.channel = channel;
		this.readable = readable;
		this.callerReadable = callerReadable;
	}

	/**
	 * Connect to a socket whose server runs as this process's user.
	 * @param socket the socket's path
	 * @return the connected channel
	 * @throws PipeServerTrustException if the socket or its server belongs to another user
	 * @throws IOException if nobody listens there (yet)
	 */
	public static UnixClientChannel connect(Path socket) throws IOException {
		return connect(socket, null);
	}

	/**
	 * Connect to a socket whose server runs as this process's user or as the trusted user. The
	 * socket file's owner is checked before connecting, without following links, and the server
	 * process's user (its peer credentials) right after, before a byte is sent.
	 * @param socket the socket's path
	 * @param trustedUser another user, by name or numeric id, whose server to accept, or
	 * {@code null} for this user only
	 * @return the connected channel
	 * @throws PipeServerTrustException if the socket or its server belongs to another user
	 * @throws IOException if nobody listens there (yet)
	 */
	public static UnixClientChannel connect(Path socket, @Nullable String trustedUser) throws IOException {
		ServerCheck check = new ServerCheck(trustedUser);
		check.beforeConnect(socket);
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		Selector readable = null;
		Selector callerReadable = null;
		try {
			channel.connect(UnixDomainSocketAddress.of(socket));
			check.afterConnect(socket, channel);
			channel.configureBlocking(false);
			readable = Selector.open();
			channel.register(readable, SelectionKey.OP_READ);
			callerReadable = Selector.open();
			channel.register(callerReadable, SelectionKey.OP_READ);
			return new UnixClientChannel(channel, readable, callerReadable);
		}
		catch (IOException | RuntimeException ex) {
			if (readable != null) {
				readable.close();
			}
			if (callerReadable != null) {
				callerReadable.close();
			}
			channel.close();
			throw ex;
		}
	}

	/**
	 * Wait until bytes arrive and read them. Called by one reader thread only.
	 */
	@Override
	public @Nullable ByteBuffer read() throws IOException {
		this.readBuffer.clear();
		try {
			// After a read that filled the buffer more is likely waiting: read before selecting.
			boolean selectFirst = !this.lastReadFilledBuffer;
			while (true) {
				if (selectFirst) {
					this.readable.select();
					this.readable.selectedKeys().clear();
				}
				int count = this.channel.read(this.readBuffer);
				if (count < 0) {
					return null;
				}
				if (count > 0) {
					this.lastReadFilledBuffer = !this.readBuffer.hasRemaining();
					return this.readBuffer.flip();
				}
				if (!this.channel.isOpen()) {
					throw new AsynchronousCloseException();
				}
				selectFirst = true;
			}
		}
		catch (ClosedSelectorException ex) {
			throw new AsynchronousCloseException();
		}
	}

	@Override
	public boolean canHandOverReading() {
		return true;
	}

	/**
	 * Wait on the reader thread's selector, or on the other thread's: the two may wait at once, and
	 * a selector admits one waiting thread.
	 */
	@Override
	public void awaitReadable(boolean readerThread) throws IOException {
		try {
			Selector selector = readerThread ? this.readable : this.callerReadable;
			selector.select();
			selector.selectedKeys().clear();
		}
		catch (ClosedSelectorException ex) {
			throw new AsynchronousCloseException();
		}
		if (!this.channel.isOpen()) {
			throw new AsynchronousCloseException();
		}
	}

	@Override
	public @Nullable ByteBuffer readAvailable() throws IOException {
		this.readBuffer.clear();
		if (this.channel.read(this.readBuffer) < 0) {
			return null;
		}
		this.lastReadFilledBuffer = !this.readBuffer.hasRemaining();
		return this.readBuffer.flip();
	}

	@Override
	public void wakeReaders() {
		this.readable.wakeup();
		this.callerReadable.wakeup();
	}

	/**
	 * Write the frame on the caller's thread, whole, before any other caller's; an interrupt
	 * neither closes the channel nor cuts the frame short (see the class description).
	 */
	@Override
	public void write(ByteBuffer[] buffers) throws IOException {
		long remaining = 0;
		for (ByteBuffer buffer : buffers) {
			remaining += buffer.remaining();
		}
		boolean interrupted = false;
		try {
			synchronized (this.writeLock) {
				if (remaining <= WRITE_BUFFER_SIZE) {
					ByteBuffer joined = this.writeBuffer.clear();
					for (ByteBuffer buffer : buffers) {
						joined.put(buffer);
					}
					joined.flip();
					while (joined.hasRemaining()) {
						if (this.channel.write(joined) == 0) {
							interrupted |= awaitWritable();
						}
					}
					return;
				}
				for (ByteBuffer buffer : buffers) {
					while (buffer.hasRemaining()) {
						if (OutboundQueue.writeSlice(this.channel, buffer) == 0) {
							interrupted |= awaitWritable();
						}
					}
				}
			}
		}
		catch (ClosedSelectorException ex) {
			throw new AsynchronousCloseException();
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Wait until the socket takes more bytes, or the channel is closed.
	 * @return whether the thread was interrupted while waiting (the interrupt is cleared)
	 */
	private boolean awaitWritable() throws IOException {
		Selector selector = this.writable;
		if (selector == null) {
			selector = Selector.open();
			this.channel.register(selector, SelectionKey.OP_WRITE);
			this.writable = selector;
		}
		if (!this.channel.isOpen()) {
			throw new AsynchronousCloseException();
		}
		selector.select();
		selector.selectedKeys().clear();
		return Thread.interrupted();
	}

	@Override
	public void close() {
		closeQuietly(this.channel);
		closeQuietly(this.readable);
		closeQuietly(this.callerReadable);
		Selector selector = this.writable;
		if (selector != null) {
			closeQuietly(selector);
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closed anyway.
		}
	}

}
