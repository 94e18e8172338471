package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.pipeipc.transport.PipeConnectionHandler;

/**
 * The read step of a selector loop: reads what arrived on a connection into the loop owner's
 * buffer and hands it to the connection's handler. One buffer serves every connection of the
 * loop, since the handler decodes it before the next read; a new owner after a hand-over gets a
 * reader of its own, while the old owner may still be decoding from this one.
 */
final class InboundReader {

	private static final Log logger = LogFactory.getLog(InboundReader.class);

	private static final int BUFFER_SIZE = 64 * 1024;

	private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);

	private final IoFailures failures;

	InboundReader(IoFailures failures) {
		this.failures = failures;
	}

	/**
	 * Read once from a readable connection: data goes to its handler, end of stream tells the
	 * connection its peer stopped sending, a failure closes it.
	 */
	void read(UnixSocketConnection connection) {
		readOnce(connection);
	}

	/**
	 * Read and hand over everything the socket holds now, until a read finds nothing or the end
	 * of the stream; used when the server stops the connection's input.
	 * @return {@code true} if the stream ended or the connection closed meanwhile
	 */
	boolean readAll(UnixSocketConnection connection) {
		int n;
		do {
			n = readOnce(connection);
		}
		while (n > 0 && connection.isOpen());
		return n < 0 || !connection.isOpen();
	}

	private int readOnce(UnixSocketConnection connection) {
		PipeConnectionHandler handler = connection.handler();
		ByteBuffer input = this.buffer;
		int n;
		try {
			input.clear();
			n = connection.channel().read(input);
		}
		catch (IOException ex) {
			logger.debug("Pipe connection " + connection.id() + " failed on read; closing it", ex);
			connection.close();
			return -1;
		}
		if (n < 0) {
			connection.peerClosedOutput();
			return n;
		}
		if (n == 0 || handler == null || connection.isLingering()) {
			return n;
		}
		input.flip();
		try {
			handler.onData(input);
		}
		catch (Throwable ex) {
			// Errors too: a handler run inline may overflow the stack or run out of memory.
			this.failures.connectionFailed(connection, ex);
			return -1;
		}
		return n;
	}

}
