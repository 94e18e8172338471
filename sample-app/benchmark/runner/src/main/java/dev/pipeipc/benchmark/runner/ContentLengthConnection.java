package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A JSON-RPC client over a Unix socket with LSP-style {@code Content-Length} framing: used for the
 * floor server and for pipe-ipc, so both are driven by byte-identical requests.
 */
final class ContentLengthConnection implements EchoConnection {

	private static final String ANSWER_PREFIX = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"";

	private final SocketChannel channel;

	private final ChannelInput input;

	private final ByteBuffer request;

	private final long expectedAnswerSize;

	ContentLengthConnection(Path socket, Payload payload) throws IOException {
		this.channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
		this.input = new ChannelInput(this.channel);
		byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"" + payload.text() + "\"]}")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		this.request = ByteBuffer.allocate(header.length + body.length).put(header).put(body).flip();
		this.expectedAnswerSize = ANSWER_PREFIX.length() + payload.size() + 2;
	}

	@Override
	public void echo() throws IOException {
		EchoConnection.send(this.channel, this.request);
		String header = this.input.readHeaderBlock();
		String length = ChannelInput.header(header, "Content-Length");
		if (length == null) {
			throw new IOException("Answer without Content-Length: " + header);
		}
		long size = Long.parseLong(length);
		this.input.skip(size);
		EchoCheck.size("The JSON-RPC server", this.expectedAnswerSize, size);
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
