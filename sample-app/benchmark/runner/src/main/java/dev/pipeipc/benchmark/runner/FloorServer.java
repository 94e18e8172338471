package dev.pipeipc.benchmark.runner;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor: the least a JSON-RPC echo over a Unix socket can cost on this JDK. A thread per
 * connection blocks in read, the request is not parsed as JSON but searched for its id and params,
 * and the answer is built by string concatenation. Correct only for the benchmark's own requests,
 * and fast because it does nothing else. Run in its own process: {@code FloorServer <socket path>}.
 */
public final class FloorServer {

	private FloorServer() {
	}

	public static void main(String[] args) throws IOException {
		Path socket = Path.of(args[0]);
		Files.deleteIfExists(socket);
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(socket), 4096);
		System.out.println("benchmark-ready");
		while (true) {
			SocketChannel connection = server.accept();
			Thread thread = new Thread(() -> serve(connection), "floor-connection");
			thread.setDaemon(true);
			thread.start();
		}
	}

	/**
	 * The answer to one of the benchmark's echo requests, framed: the request's id and params
	 * copied into a result by string concatenation.
	 * @param request the request's JSON text
	 * @return the answer's header and body
	 */
	static byte[] answer(String request) {
		int idStart = request.indexOf("\"id\":") + 5;
		int idEnd = request.indexOf(',', idStart);
		int paramsStart = request.indexOf("\"params\":[") + 10;
		int paramsEnd = request.lastIndexOf(']');
		String answer = "{\"jsonrpc\":\"2.0\",\"id\":" + request.substring(idStart, idEnd) + ",\"result\":"
				+ request.substring(paramsStart, paramsEnd) + "}";
		byte[] body = answer.getBytes(StandardCharsets.UTF_8);
		return ("Content-Length: " + body.length + "\r\n\r\n" + answer).getBytes(StandardCharsets.UTF_8);
	}

	private static void serve(SocketChannel connection) {
		try (connection) {
			ChannelInput input = new ChannelInput(connection);
			while (true) {
				String header = input.readHeaderBlock();
				String request = input.readText(Integer.parseInt(ChannelInput.header(header, "Content-Length")));
				ByteBuffer frame = ByteBuffer.wrap(answer(request));
				EchoConnection.send(connection, frame);
			}
		}
		catch (EOFException ex) {
			// the client left
		}
		catch (IOException ex) {
			// the client left abruptly
		}
	}

}
