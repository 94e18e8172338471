package dev.pipeipc.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.codec.Framing;

/**
 * A small blocking client for integration tests. It connects to a Unix domain socket, frames
 * requests in any {@link Framing} (its own encoder, independent of the server's), sends raw bytes,
 * and reads framed replies.
 * <p>
 * Every connect, write and read is bounded by a timeout: a watchdog closes the channel when the
 * timeout expires and the operation fails with an {@link AssertionError}, so a test never hangs. A
 * connection reset by the server counts as the server closing the connection; bytes it sent before
 * are still read first.
 */
public final class PipeTestClient implements AutoCloseable {

	/** Upper bound for any single operation unless {@link #timeout(Duration)} says otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private static final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "pipe-test-client-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final byte[] HEADER_END = { '\r', '\n', '\r', '\n' };

	private final ByteChannel channel;

	private final Framing framing;

	private byte[] data = new byte[16 * 1024];

	private int start;

	private int end;

	private boolean eof;

	private boolean resetByPeer;

	private @Nullable String lastHeader;

	private volatile boolean timedOut;

	private volatile Duration timeout = DEFAULT_TIMEOUT;

	private PipeTestClient(ByteChannel channel, Framing framing) {
		this.channel = channel;
		this.framing = framing;
	}

	/**
	 * Connect to a socket.
	 * @param socket the socket path
	 * @param framing how requests are framed and replies are read
	 * @return the connected client
	 * @throws IOException if the connection is refused
	 */
	public static PipeTestClient connect(Path socket, Framing framing) throws IOException {
		return connect(socket, framing, DEFAULT_TIMEOUT);
	}

	/**
	 * Connect to a socket with a given operation timeout.
	 * @param socket the socket path
	 * @param framing how requests are framed and replies are read
	 * @param timeout upper bound of each operation
	 * @return the connected client
	 * @throws IOException if the connection is refused
	 */
	public static PipeTestClient connect(Path socket, Framing framing, Duration timeout) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		PipeTestClient client = new PipeTestClient(channel, framing).timeout(timeout);
		try {
			client.guarded("connecting to " + socket, () -> channel.connect(UnixDomainSocketAddress.of(socket)));
		}
		catch (IOException | RuntimeException | Error ex) {
			client.close();
			throw ex;
		}
		return client;
	}

	/**
	 * Wrap an already connected channel of any transport (a Win32 pipe client, for example). Its
	 * reads and writes must be interruptible by {@link ByteChannel#close()}, which the timeout uses.
	 * @param channel the connected channel
	 * @param framing how requests are framed and replies are read
	 * @return the client
	 */
	public static PipeTestClient over(ByteChannel channel, Framing framing) {
		return new PipeTestClient(channel, framing);
	}

	/**
	 * Set the upper bound of each following operation.
	 * @param timeout the timeout
	 * @return this client
	 */
	public PipeTestClient timeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	public Framing framing() {
		return this.framing;
	}

	// ---------------------------------------------------------------- requests

	/**
	 * A JSON-RPC request object.
	 * @param id the id: a string, a number, or {@code null} for an explicit null id
	 * @param method the method name
	 * @param params the params as raw JSON, or {@code null} to leave the member out
	 * @return the request as JSON
	 */
	public static String request(@Nullable Object id, String method, @Nullable String params) {
		String renderedId = (id == null) ? "null" : (id instanceof String text) ? quote(text) : id.toString();
		return "{\"jsonrpc\":\"2.0\",\"id\":" + renderedId + ",\"method\":" + quote(method)
				+ ((params != null) ? ",\"params\":" + params : "") + "}";
	}

	/**
	 * A JSON-RPC notification (a request without an id).
	 * @param method the method name
	 * @param params the params as raw JSON, or {@code null} to leave the member out
	 * @return the notification as JSON
	 */
	public static String notification(String method, @Nullable String params) {
		return "{\"jsonrpc\":\"2.0\",\"method\":" + quote(method) + ((params != null) ? ",\"params\":" + params : "")
				+ "}";
	}

	/**
	 * Quote a string as a JSON string.
	 * @param text the text
	 * @return the JSON string literal
	 */
	public static String quote(String text) {
		return mapper.writeValueAsString(text);
	}

	/**
	 * Parse JSON.
	 * @param json the JSON text
	 * @return the tree
	 */
	public static JsonNode parse(String json) {
		return mapper.readTree(json);
	}

	/**
	 * Frame a message the way a client of the given framing sends it.
	 * @param framing the framing
	 * @param body the message
	 * @return the frame's bytes
	 */
	public static byte[] frame(Framing framing, byte[] body) {
		return switch (framing) {
			case CONTENT_LENGTH -> concat(ascii("Content-Length: " + body.length + "\r\n\r\n"), body);
			case LENGTH_PREFIX -> concat(ByteBuffer.allocate(4).putInt(body.length).array(), body);
			case NEWLINE -> concat(body, new byte[] { '\n' });
			default -> throw new IllegalArgumentException(framing + " framing is not carried by a stream socket");
		};
	}

	/**
	 * Frame a JSON message the way a client of the given framing sends it.
	 * @param framing the framing
	 * @param json the message
	 * @return the frame's bytes
	 */
	public static byte[] frame(Framing framing, String json) {
		return frame(framing, utf8(json));
	}

	public static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	public static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	public static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] result = new byte[length];
		int position = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, result, position, part.length);
			position += part.length;
		}
		return result;
	}

	// ---------------------------------------------------------------- sending

	/**
	 * Send one message in this client's framing.
	 * @param json the message
	 * @throws IOException if the connection fails
	 */
	public void send(String json) throws IOException {
		sendRaw(frame(this.framing, json));
	}

	/**
	 * Send bytes as they are.
	 * @param bytes the bytes
	 * @throws IOException if the connection fails
	 */
	public void sendRaw(byte[] bytes) throws IOException {
		guarded("sending " + bytes.length + " bytes", () -> {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		});
	}

	/**
	 * Send ASCII text as it is, such as a hand-written header section.
	 * @param text the text
	 * @throws IOException if the connection fails
	 */
	public void sendRaw(String text) throws IOException {
		sendRaw(utf8(text));
	}

	/**
	 * Send bytes in small writes with a pause after each, so the server sees them in many reads.
	 * @param bytes the bytes
	 * @param pieceSize bytes per write
	 * @param pause pause after each write
	 * @throws IOException if the connection fails
	 * @throws InterruptedException if interrupted while pausing
	 */
	public void sendInPieces(byte[] bytes, int pieceSize, Duration pause) throws IOException, InterruptedException {
		for (int offset = 0; offset < bytes.length; offset += pieceSize) {
			sendRaw(Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + pieceSize)));
			Thread.sleep(pause.toMillis());
		}
	}

	/**
	 * Send a message and read the next reply.
	 * @param json the message
	 * @return the next reply
	 * @throws IOException if the connection fails
	 */
	public JsonNode call(String json) throws IOException {
		send(json);
		return receiveJson();
	}

	/**
	 * Shut down the sending side: the server reads end of stream, the client can still read.
	 * @throws IOException if the connection fails
	 */
	public void shutdownOutput() throws IOException {
		if (!(this.channel instanceof SocketChannel socketChannel)) {
			throw new UnsupportedOperationException("Half-closing needs a socket; " + this.channel + " has no such thing");
		}
		socketChannel.shutdownOutput();
	}

	// ---------------------------------------------------------------- receiving

	/**
	 * Read the next reply frame.
	 * @return its body
	 * @throws IOException if the connection fails
	 * @throws AssertionError if the server closes the connection first or the timeout expires
	 */
	public byte[] receiveFrame() throws IOException {
		return guarded("waiting for a reply", () -> switch (this.framing) {
			case CONTENT_LENGTH -> readContentLengthFrame();
			case LENGTH_PREFIX -> readLengthPrefixFrame();
			case NEWLINE -> readLine();
			default -> throw new IllegalArgumentException(this.framing + " framing is not carried by a stream socket");
		});
	}

	/**
	 * Read the next reply as text.
	 * @return the reply body as UTF-8 text
	 * @throws IOException if the connection fails
	 */
	public String receive() throws IOException {
		return new String(receiveFrame(), StandardCharsets.UTF_8);
	}

	/**
	 * Read the next reply as JSON.
	 * @return the reply
	 * @throws IOException if the connection fails
	 */
	public JsonNode receiveJson() throws IOException {
		return parse(receive());
	}

	/**
	 * The header section of the last content-length reply, without the final empty line.
	 * @return the header section, or {@code null} before the first such reply
	 */
	public @Nullable String lastReplyHeader() {
		return this.lastHeader;
	}

	/**
	 * Wait until the server closes the connection (end of stream or reset).
	 * @return what arrived before the close and was not read as a reply, as UTF-8 text
	 * @throws IOException if the connection fails otherwise
	 * @throws AssertionError if the connection is still open when the timeout expires
	 */
	public String awaitClose() throws IOException {
		return guarded("waiting for the server to close the connection", () -> {
			while (fill()) {
				// Until end of stream.
			}
			String rest = new String(this.data, this.start, this.end - this.start, StandardCharsets.UTF_8);
			this.start = this.end;
			return rest;
		});
	}

	/**
	 * Whether the server reset the connection instead of closing it in order.
	 * @return {@code true} after a reset was read
	 */
	public boolean wasReset() {
		return this.resetByPeer;
	}

	private byte[] readContentLengthFrame() throws IOException {
		int headerEnd;
		while ((headerEnd = indexOf(HEADER_END)) < 0) {
			requireMore("a reply header");
		}
		String header = new String(this.data, this.start, headerEnd - this.start, StandardCharsets.US_ASCII);
		int length = -1;
		for (String line : header.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
				length = Integer.parseInt(line.substring(colon + 1).trim());
			}
		}
		if (length < 0) {
			throw new AssertionError("Reply header has no Content-Length: '" + header + "'");
		}
		this.lastHeader = header;
		this.start = headerEnd + HEADER_END.length;
		return take(length);
	}

	private byte[] readLengthPrefixFrame() throws IOException {
		byte[] prefix = take(4);
		int length = ByteBuffer.wrap(prefix).getInt();
		if (length < 0) {
			throw new AssertionError("Reply has a negative length prefix " + length);
		}
		return take(length);
	}

	private byte[] readLine() throws IOException {
		int newline;
		while ((newline = indexOf(new byte[] { '\n' })) < 0) {
			requireMore("a reply line");
		}
		int length = newline - this.start;
		if (length > 0 && this.data[newline - 1] == '\r') {
			length--;
		}
		byte[] line = Arrays.copyOfRange(this.data, this.start, this.start + length);
		this.start = newline + 1;
		return line;
	}

	private byte[] take(int length) throws IOException {
		while (this.end - this.start < length) {
			requireMore(length + " bytes of a reply");
		}
		byte[] result = Arrays.copyOfRange(this.data, this.start, this.start + length);
		this.start += length;
		return result;
	}

	private int indexOf(byte[] pattern) {
		outer: for (int i = this.start; i <= this.end - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (this.data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private void requireMore(String what) throws IOException {
		if (!fill()) {
			int unread = this.end - this.start;
			throw new AssertionError("Server closed the connection" + (this.resetByPeer ? " (reset)" : "")
					+ " while the client waited for " + what + "; " + unread + " unread bytes: '"
					+ new String(this.data, this.start, Math.min(unread, 200), StandardCharsets.UTF_8)
					+ ((unread > 200) ? "...'" : "'"));
		}
	}

	/**
	 * Read more bytes into the buffer.
	 * @return {@code false} at end of stream
	 */
	private boolean fill() throws IOException {
		if (this.eof) {
			return false;
		}
		if (this.start == this.end) {
			this.start = 0;
			this.end = 0;
		}
		if (this.end == this.data.length) {
			if (this.start > 0) {
				System.arraycopy(this.data, this.start, this.data, 0, this.end - this.start);
				this.end -= this.start;
				this.start = 0;
			}
			else {
				this.data = Arrays.copyOf(this.data, this.data.length * 2);
			}
		}
		int n;
		try {
			n = this.channel.read(ByteBuffer.wrap(this.data, this.end, this.data.length - this.end));
		}
		catch (ClosedChannelException ex) {
			throw ex;
		}
		catch (IOException ex) {
			if (this.timedOut) {
				throw ex;
			}
			// Reset by the server (it closed with our bytes unread): data it sent came first.
			this.resetByPeer = true;
			this.eof = true;
			return false;
		}
		if (n < 0) {
			this.eof = true;
			return false;
		}
		this.end += n;
		return true;
	}

	// ---------------------------------------------------------------- timeouts

	@FunctionalInterface
	private interface IoCall<T> {

		T call() throws IOException;

	}

	@FunctionalInterface
	private interface IoRun {

		void run() throws IOException;

	}

	private void guarded(String what, IoRun action) throws IOException {
		guarded(what, () -> {
			action.run();
			return null;
		});
	}

	private <T> T guarded(String what, IoCall<T> action) throws IOException {
		Duration limit = this.timeout;
		ScheduledFuture<?> alarm = watchdog.schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
		try {
			return action.call();
		}
		catch (IOException ex) {
			if (this.timedOut || ex instanceof AsynchronousCloseException) {
				throw new AssertionError("Timed out after " + limit.toMillis() + " ms " + what, ex);
			}
			throw ex;
		}
		finally {
			alarm.cancel(false);
		}
	}

	private void expire() {
		this.timedOut = true;
		close();
	}

	public boolean isOpen() {
		return this.channel.isOpen();
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

	@Override
	public String toString() {
		return "PipeTestClient (" + this.framing + ")";
	}

}
