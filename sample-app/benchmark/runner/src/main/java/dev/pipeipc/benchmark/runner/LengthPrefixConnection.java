package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A raw-protocol client over a Unix socket: each message is a 4-byte big-endian length and the
 * bytes, pipe-ipc's default framing for the raw protocol on Unix.
 */
final class LengthPrefixConnection implements EchoConnection {

	private final SocketChannel channel;

	private final ChannelInput input;

	private final ByteBuffer request;

	private final int size;

	LengthPrefixConnection(Path socket, Payload payload) throws IOException {
		this.channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
		this.input = new ChannelInput(this.channel);
		byte[] body = payload.bytes();
		this.request = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
		this.size = body.length;
	}

	@Override
	public void echo() throws IOException {
		EchoConnection.send(this.channel, this.request);
		int size = this.input.readInt();
		this.input.skip(size);
		EchoCheck.size("The raw server", this.size, size);
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
