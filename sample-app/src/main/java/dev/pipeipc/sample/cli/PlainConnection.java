package dev.pipeipc.sample.cli;

import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static dev.pipeipc.sample.cli.CliArguments.MAPPER;

/**
 * A plain JSON-RPC client over a Unix socket with {@code Content-Length} framing, for
 * {@code bench --client plain}: what the library's client is compared with. The request is encoded
 * once; each call writes it and reads the answer's header and body by its length, in the calling
 * thread, without parsing it. Only the first answer is parsed, to check that the server answers
 * with a result rather than an error.
 */
final class PlainConnection implements AutoCloseable {

	private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

	private final SocketChannel channel;

	private final ByteBuffer request;

	private final ByteBuffer input = ByteBuffer.allocate(64 * 1024).flip();

	private boolean checked;

	PlainConnection(Path socket, String method, @Nullable JsonNode params) throws IOException {
		this.channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
		StringBuilder body = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":")
			.append(MAPPER.writeValueAsString(method));
		if (params != null) {
			body.append(",\"params\":").append(MAPPER.writeValueAsString(params));
		}
		byte[] bytes = body.append('}').toString().getBytes(StandardCharsets.UTF_8);
		byte[] header = ("Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		this.request = ByteBuffer.allocateDirect(header.length + bytes.length).put(header).put(bytes).flip();
	}

	/**
	 * Send the request and read its answer.
	 * @throws IOException if the connection broke, or the first answer is not a result
	 */
	void call() throws IOException {
		ByteBuffer out = this.request.duplicate();
		while (out.hasRemaining()) {
			this.channel.write(out);
		}
		int length = readHeader();
		if (!this.checked) {
			byte[] body = new byte[length];
			for (int at = 0; at < length;) {
				fillIfEmpty();
				int step = Math.min(length - at, this.input.remaining());
				this.input.get(body, at, step);
				at += step;
			}
			JsonNode answer = MAPPER.readTree(body);
			if (!answer.has("result")) {
				throw new IOException("The server did not answer with a result: " + answer);
			}
			this.checked = true;
			return;
		}
		for (int left = length; left > 0;) {
			fillIfEmpty();
			int step = Math.min(left, this.input.remaining());
			this.input.position(this.input.position() + step);
			left -= step;
		}
	}

	/**
	 * Read up to the empty line after the header, returning the {@code Content-Length}.
	 */
	private int readHeader() throws IOException {
		int length = -1;
		int lineStart = 0;
		byte[] line = new byte[128];
		while (true) {
			fillIfEmpty();
			byte b = this.input.get();
			if (b == '\n') {
				int end = (lineStart > 0 && line[lineStart - 1] == '\r') ? lineStart - 1 : lineStart;
				if (end == 0) {
					if (length < 0) {
						throw new IOException("The server answered without a Content-Length header");
					}
					return length;
				}
				if (end > CONTENT_LENGTH.length && startsWithContentLength(line)) {
					length = Integer.parseInt(
							new String(line, CONTENT_LENGTH.length, end - CONTENT_LENGTH.length, StandardCharsets.US_ASCII)
								.trim());
				}
				lineStart = 0;
			}
			else if (lineStart < line.length) {
				line[lineStart++] = b;
			}
		}
	}

	private static boolean startsWithContentLength(byte[] line) {
		for (int i = 0; i < CONTENT_LENGTH.length; i++) {
			if (Character.toLowerCase(line[i]) != CONTENT_LENGTH[i]) {
				return false;
			}
		}
		return true;
	}

	private void fillIfEmpty() throws IOException {
		if (this.input.hasRemaining()) {
			return;
		}
		this.input.clear();
		int read = this.channel.read(this.input);
		this.input.flip();
		if (read < 0) {
			throw new EOFException("The server closed the connection");
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
