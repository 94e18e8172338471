package dev.pipeipc.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A Unix domain socket connection.
 */
final class UnixClientChannel implements ClientChannel {

	private final SocketChannel channel;

	private UnixClientChannel(SocketChannel channel) {
		this.channel = channel;
	}

	static UnixClientChannel connect(Path socket) throws IOException {
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
	public int read(ByteBuffer buffer) throws IOException {
		return this.channel.read(buffer);
	}

	@Override
	public void write(ByteBuffer[] buffers) throws IOException {
		synchronized (this) {
			long remaining = 0;
			for (ByteBuffer buffer : buffers) {
				remaining += buffer.remaining();
			}
			while (remaining > 0) {
				remaining -= this.channel.write(buffers);
			}
		}
	}

	@Override
	public void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Closed anyway.
		}
	}

}
