package dev.pipeipc.server;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that calls an echo method in a tight loop over a blocking Unix socket, one request at a
 * time, until its write fails or its read ends, and records how its last written request ended:
 * what a server that stops while it calls must get right. Every reply must carry the id of the
 * request just written, with its result or error {@code -32000}.
 */
public final class ShutdownCallingClient implements Runnable {

	/** How the client's loop ended. */
	public enum Ending {

		/** A write failed: the server had shut its input; nothing written was left unanswered. */
		WRITE_FAILED,

		/** The stream ended after a request was written and before its answer: a lost request. */
		END_OF_STREAM_AFTER_REQUEST,

		/** A read failed (connection reset) after a request was written and before its answer. */
		RESET_AFTER_REQUEST,

		/** A reply did not answer the request just written, or was neither a result nor -32000. */
		WRONG_REPLY

	}

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final Path socket;

	private final int name;

	private final CountDownLatch warmedUp;

	private final ByteBuffer input = ByteBuffer.allocate(64 * 1024);

	private volatile @Nullable Ending ending;

	private volatile @Nullable String detail;

	private final String method;

	private volatile int results;

	private volatile int refusals;

	/**
	 * A client of the given socket that calls {@code echo}.
	 * @param socket the socket path
	 * @param name the client's number, for its messages
	 * @param warmedUp counted down once the client has had 20 answers, or has ended
	 */
	public ShutdownCallingClient(Path socket, int name, CountDownLatch warmedUp) {
		this(socket, "echo", name, warmedUp);
	}

	/**
	 * A client of the given socket.
	 * @param socket the socket path
	 * @param method the method to call, which must answer its one string param unchanged
	 * @param name the client's number, for its messages
	 * @param warmedUp counted down once the client has had 20 answers, or has ended
	 */
	public ShutdownCallingClient(Path socket, String method, int name, CountDownLatch warmedUp) {
		this.socket = socket;
		this.method = method;
		this.name = name;
		this.warmedUp = warmedUp;
	}

	@Override
	public void run() {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(this.socket));
			for (long id = 1;; id++) {
				byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + this.method + "\",\"params\":[\"client "
						+ this.name + " call " + id + "\"]}").getBytes(StandardCharsets.UTF_8);
				try {
					write(channel, body);
				}
				catch (IOException ex) {
					end(Ending.WRITE_FAILED, ex.toString());
					return;
				}
				String reply;
				try {
					reply = readFrame(channel);
				}
				catch (EOFException ex) {
					end(Ending.END_OF_STREAM_AFTER_REQUEST, "after request " + id + ": " + ex.getMessage());
					return;
				}
				catch (IOException ex) {
					end(Ending.RESET_AFTER_REQUEST, "after request " + id + ": " + ex);
					return;
				}
				if (!check(reply, id)) {
					return;
				}
				if (id == 20) {
					this.warmedUp.countDown();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			end(Ending.WRONG_REPLY, "unexpected " + ex);
		}
		finally {
			this.warmedUp.countDown();
		}
	}

	private boolean check(String reply, long id) {
		JsonNode node = mapper.readTree(reply);
		if (node.path("id").asLong(-1) != id) {
			end(Ending.WRONG_REPLY, "request " + id + " answered by " + reply);
			return false;
		}
		if (node.has("result")) {
			this.results++;
			return true;
		}
		if (node.path("error").path("code").asInt() == -32000) {
			this.refusals++;
			return true;
		}
		end(Ending.WRONG_REPLY, "request " + id + " answered by " + reply);
		return false;
	}

	private void write(SocketChannel channel, byte[] body) throws IOException {
		byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		ByteBuffer[] buffers = { ByteBuffer.wrap(header), ByteBuffer.wrap(body) };
		while (buffers[1].hasRemaining()) {
			channel.write(buffers);
		}
	}

	/**
	 * Read one Content-Length frame; after it, the stream may end cleanly only between frames.
	 */
	private String readFrame(SocketChannel channel) throws IOException {
		int headerEnd;
		while ((headerEnd = indexOfHeaderEnd()) < 0) {
			fill(channel);
		}
		String header = new String(this.input.array(), 0, headerEnd, StandardCharsets.US_ASCII);
		int length = Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
		int frameEnd = headerEnd + 4 + length;
		while (this.input.position() < frameEnd) {
			fill(channel);
		}
		String body = new String(this.input.array(), headerEnd + 4, length, StandardCharsets.UTF_8);
		this.input.flip();
		this.input.position(frameEnd);
		this.input.compact();
		return body;
	}

	private void fill(SocketChannel channel) throws IOException {
		if (channel.read(this.input) < 0) {
			throw new EOFException("end of stream with " + this.input.position() + " byte(s) of a reply");
		}
	}

	private int indexOfHeaderEnd() {
		byte[] data = this.input.array();
		for (int i = 0; i + 3 < this.input.position(); i++) {
			if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
				return i;
			}
		}
		return -1;
	}

	private void end(Ending ending, String detail) {
		this.ending = ending;
		this.detail = detail;
	}

	public @Nullable Ending ending() {
		return this.ending;
	}

	public int results() {
		return this.results;
	}

	public int refusals() {
		return this.refusals;
	}

	@Override
	public String toString() {
		return "client " + this.name + " (" + this.results + " results, " + this.refusals + " refusals): "
				+ this.ending + " " + this.detail;
	}

}
