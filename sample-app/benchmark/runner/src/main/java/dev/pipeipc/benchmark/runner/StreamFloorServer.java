package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor of the stream benchmark: the least it costs on this JDK to send the stream's records
 * over a Unix socket. The client writes a count as one line of text; a thread per connection
 * answers with that many records ({@link StreamItem#json}), one per line, built by string
 * concatenation into 64 KiB writes, then closes the connection. No JSON library, no framing, no
 * flow control. Run in its own process: {@code StreamFloorServer <socket path>}.
 */
public final class StreamFloorServer {

	private static final int CHUNK = 64 * 1024;

	private StreamFloorServer() {
	}

	public static void main(String[] args) throws IOException {
		Path socket = Path.of(args[0]);
		Files.deleteIfExists(socket);
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(socket), 64);
		System.out.println("benchmark-ready");
		while (true) {
			SocketChannel connection = server.accept();
			Thread thread = new Thread(() -> serve(connection), "stream-floor-connection");
			thread.setDaemon(true);
			thread.start();
		}
	}

	private static void serve(SocketChannel connection) {
		try (connection) {
			long count = Long.parseLong(readLine(Channels.newInputStream(connection)));
			ByteBuffer buffer = ByteBuffer.allocate(CHUNK + 256);
			for (long id = 0; id < count; id++) {
				buffer.put((StreamItem.json(id) + "\n").getBytes(StandardCharsets.UTF_8));
				if (buffer.position() >= CHUNK) {
					send(connection, buffer);
				}
			}
			send(connection, buffer);
		}
		catch (IOException | RuntimeException ex) {
			// the client left, or sent no count
		}
	}

	private static void send(SocketChannel connection, ByteBuffer buffer) throws IOException {
		buffer.flip();
		EchoConnection.send(connection, buffer);
		buffer.clear();
	}

	private static String readLine(InputStream input) throws IOException {
		StringBuilder line = new StringBuilder();
		int next;
		while ((next = input.read()) != '\n') {
			if (next < 0) {
				throw new IOException("The client closed the connection before it sent a count");
			}
			line.append((char) next);
		}
		return line.toString();
	}

}
