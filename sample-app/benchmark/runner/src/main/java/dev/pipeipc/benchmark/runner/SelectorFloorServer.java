package dev.pipeipc.benchmark.runner;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The floor with a selector: the same JSON-RPC echo as {@link FloorServer} (requests searched for
 * their id and params, answers built by string concatenation), served by {@code max(1, processors / 2)}
 * selector threads that read, answer and write every connection themselves, as pipe-ipc's I/O
 * threads do. A thread per connection is the faster floor for one client; with many clients on few
 * processors a few selector threads are, so the benchmark runs both and takes the better one at
 * each client count. Run in its own process: {@code SelectorFloorServer <socket path>}.
 */
public final class SelectorFloorServer {

	/** Writes go out in slices, so the JDK copies at most this much into its direct buffer per write. */
	private static final int WRITE_SLICE = 256 * 1024;

	private SelectorFloorServer() {
	}

	public static void main(String[] args) throws IOException {
		Path socket = Path.of(args[0]);
		Files.deleteIfExists(socket);
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(socket), 4096);
		Loop[] loops = new Loop[Math.max(1, Runtime.getRuntime().availableProcessors() / 2)];
		for (int i = 0; i < loops.length; i++) {
			loops[i] = new Loop();
			Thread thread = new Thread(loops[i], "floor-selector-" + i);
			thread.setDaemon(true);
			thread.start();
		}
		System.out.println("benchmark-ready");
		for (long accepted = 0;; accepted++) {
			SocketChannel connection = server.accept();
			connection.configureBlocking(false);
			loops[(int) (accepted % loops.length)].add(connection);
		}
	}

	/** One selector thread and its connections. */
	private static final class Loop implements Runnable {

		private final Selector selector;

		private final Queue<SocketChannel> added = new ConcurrentLinkedQueue<>();

		Loop() throws IOException {
			this.selector = Selector.open();
		}

		void add(SocketChannel connection) {
			this.added.add(connection);
			this.selector.wakeup();
		}

		@Override
		public void run() {
			while (true) {
				try {
					this.selector.select();
					for (SocketChannel connection; (connection = this.added.poll()) != null;) {
						connection.register(this.selector, SelectionKey.OP_READ, new Connection(connection));
					}
				}
				catch (IOException ex) {
					throw new IllegalStateException("The floor's selector failed", ex);
				}
				for (SelectionKey key : this.selector.selectedKeys()) {
					Connection connection = (Connection) key.attachment();
					try {
						if (key.isWritable() && connection.flush(key)) {
							connection.answer(key);
						}
						if (key.isValid() && key.isReadable()) {
							connection.read(key);
						}
					}
					catch (IOException ex) {
						key.cancel();
						try {
							key.channel().close();
						}
						catch (IOException closing) {
							// the client left
						}
					}
				}
				this.selector.selectedKeys().clear();
			}
		}

	}

	/** A connection's input, in write mode between reads, and the answer still to be written. */
	private static final class Connection {

		private final SocketChannel channel;

		private ByteBuffer input = ByteBuffer.allocate(64 * 1024);

		private ByteBuffer output;

		/** Bytes the frame at the start of the input needs in all, when more than the buffer holds. */
		private int needed;

		Connection(SocketChannel channel) {
			this.channel = channel;
		}

		void read(SelectionKey key) throws IOException {
			if (this.channel.read(this.input) < 0) {
				throw new EOFException();
			}
			answer(key);
		}

		/** Answer every whole request in the input, until an answer cannot be written at once. */
		void answer(SelectionKey key) throws IOException {
			this.input.flip();
			String request;
			while (this.output == null && (request = nextRequest()) != null) {
				this.output = ByteBuffer.wrap(FloorServer.answer(request));
				flush(key);
			}
			if (this.input.position() > 0) {
				this.input.compact();
			}
			else {
				// nothing consumed: back to write mode without copying a large partial frame onto itself
				this.input.position(this.input.limit()).limit(this.input.capacity());
			}
			if (this.needed > this.input.capacity()) {
				ByteBuffer larger = ByteBuffer.allocate(this.needed);
				this.input.flip();
				this.input = larger.put(this.input);
			}
		}

		private String nextRequest() {
			int start = this.input.position();
			int limit = this.input.limit();
			byte[] bytes = this.input.array();
			for (int i = start; i + 3 < limit; i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
					String header = new String(bytes, start, i - start, StandardCharsets.US_ASCII);
					int length = Integer.parseInt(ChannelInput.header(header, "Content-Length"));
					int body = i + 4;
					if (limit - body < length) {
						this.needed = body - start + length;
						return null;
					}
					this.needed = 0;
					this.input.position(body + length);
					return new String(bytes, body, length, StandardCharsets.UTF_8);
				}
			}
			this.needed = (limit - start == this.input.capacity()) ? this.input.capacity() * 2 : 0;
			return null;
		}

		/**
		 * Write what is left of the answer.
		 * @return whether all of it went out; if not, the key waits for the socket to take more
		 */
		boolean flush(SelectionKey key) throws IOException {
			while (this.output.hasRemaining()) {
				int limit = this.output.limit();
				this.output.limit(Math.min(limit, this.output.position() + WRITE_SLICE));
				int written = this.channel.write(this.output);
				this.output.limit(limit);
				if (written == 0) {
					key.interestOps(SelectionKey.OP_WRITE);
					return false;
				}
			}
			this.output = null;
			key.interestOps(SelectionKey.OP_READ);
			return true;
		}

	}

}
