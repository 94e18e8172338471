package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.ClientChannel;

/**
 * The client end of a Unix domain socket: blocking reads into one buffer of its own, and writes on
 * a thread of its own.
 */
public final class UnixClientChannel implements ClientChannel {

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private final SocketChannel channel;

	private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_SIZE);

	private final ExecutorService writer = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "pipe-client-writer");
		thread.setDaemon(true);
		return thread;
	});

	private UnixClientChannel(SocketChannel channel) {
		this.channel = channel;
	}

	/**
	 * Connect to a socket.
	 * @param socket the socket's path
	 * @return the connected channel
	 * @throws IOException if nobody listens there (yet)
	 */
	public static UnixClientChannel connect(Path socket) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			channel.connect(UnixDomainSocketAddress.of(socket));
			return new UnixClientChannel(channel);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	@Override
	public @Nullable ByteBuffer read() throws IOException {
		this.readBuffer.clear();
		if (this.channel.read(this.readBuffer) < 0) {
			return null;
		}
		return this.readBuffer.flip();
	}

	/**
	 * Write on the client's own writer thread: a {@link SocketChannel} closes itself when a thread
	 * writing to it is interrupted, and one interrupted caller must not break the connection every
	 * other call shares.
	 */
	@Override
	public void write(ByteBuffer[] buffers) throws IOException {
		Future<?> written;
		try {
			written = this.writer.submit(() -> {
				long remaining = 0;
				for (ByteBuffer buffer : buffers) {
					remaining += buffer.remaining();
				}
				while (remaining > 0) {
					remaining -= this.channel.write(buffers);
				}
				return null;
			});
		}
		catch (RejectedExecutionException ex) {
			throw new ClosedChannelException();
		}
		boolean interrupted = false;
		try {
			while (true) {
				try {
					written.get();
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof IOException io) {
						throw io;
					}
					throw new IOException(ex.getCause());
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void close() {
		this.writer.shutdown();
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Closed anyway.
		}
	}

}
