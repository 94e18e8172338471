package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON-RPC call over a fresh Unix socket connection with {@code content-length} framing, with
 * no pipe-ipc code on the calling side, as an outside client would make it.
 */
final class JsonRpcSocketCall {

	private JsonRpcSocketCall() {
	}

	/**
	 * Send one request, half-close, and read the reply until the server closes.
	 * @param socket the socket path
	 * @param method the method name
	 * @param params the params as JSON text
	 * @return the response object
	 * @throws IOException if the socket fails
	 */
	static JsonNode call(Path socket, String method, String params) throws IOException {
		return send(socket, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
	}

	/**
	 * Send one message as it is, half-close, and read the reply until the server closes.
	 * @param socket the socket path
	 * @param json the message body
	 * @return the response object
	 * @throws IOException if the socket fails
	 */
	static JsonNode send(Path socket, String json) throws IOException {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(socket));
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			channel.write(ByteBuffer.wrap(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer content = ByteBuffer.wrap(body);
			while (content.hasRemaining()) {
				channel.write(content);
			}
			channel.shutdownOutput();
			ByteBuffer buffer = ByteBuffer.allocate(65536);
			while (channel.read(buffer) >= 0) {
				// Read until the server closes after answering.
			}
			String reply = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
			return JsonMapper.builder().build().readTree(reply.substring(reply.indexOf("\r\n\r\n") + 4));
		}
	}

}
