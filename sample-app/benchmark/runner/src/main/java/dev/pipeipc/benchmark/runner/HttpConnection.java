package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client for the Spring MVC echo: {@code POST /echo} with a JSON body
 * {@code {"text": "..."}}; reads answers framed by {@code Content-Length} or chunked encoding, and
 * reconnects when the server ends a keep-alive connection, as HTTP clients do.
 * Hand-written so that the client costs what the pipe clients cost and the comparison measures the
 * server.
 */
final class HttpConnection implements EchoConnection {

	private final int port;

	private SocketChannel channel;

	private ChannelInput input;

	private final ByteBuffer request;

	private final long expectedAnswerSize;

	HttpConnection(int port, Payload payload) throws IOException {
		this.port = port;
		connect();
		byte[] body = ("{\"text\":\"" + payload.text() + "\"}").getBytes(StandardCharsets.US_ASCII);
		byte[] header = ("POST /echo HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length
				+ "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		this.request = ByteBuffer.allocate(header.length + body.length).put(header).put(body).flip();
		this.expectedAnswerSize = body.length;
	}

	@Override
	public void echo() throws IOException {
		EchoConnection.send(this.channel, this.request);
		String header = this.input.readHeaderBlock();
		if (!header.startsWith("HTTP/1.1 200")) {
			throw new IOException("The MVC server answered " + header.lines().findFirst().orElse(header));
		}
		String length = ChannelInput.header(header, "Content-Length");
		long size;
		if (length != null) {
			size = Long.parseLong(length);
			this.input.skip(size);
		}
		else {
			size = readChunks();
		}
		EchoCheck.size("The MVC server", this.expectedAnswerSize, size);
		if ("close".equalsIgnoreCase(ChannelInput.header(header, "Connection"))) {
			// Tomcat closes a keep-alive connection after 100 requests; clients open a new one
			this.channel.close();
			connect();
		}
	}

	private void connect() throws IOException {
		this.channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", this.port));
		this.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		this.input = new ChannelInput(this.channel);
	}

	private long readChunks() throws IOException {
		long total = 0;
		while (true) {
			String line = this.input.readLine();
			int extension = line.indexOf(';');
			long chunk = Long.parseLong((extension >= 0) ? line.substring(0, extension) : line, 16);
			if (chunk == 0) {
				while (!this.input.readLine().isEmpty()) {
					// trailers
				}
				return total;
			}
			this.input.skip(chunk);
			this.input.readLine();
			total += chunk;
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
