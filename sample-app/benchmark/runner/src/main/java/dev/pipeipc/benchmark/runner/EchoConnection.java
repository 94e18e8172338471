package dev.pipeipc.benchmark.runner;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * One client connection to one of the compared servers, sending the same echo request again and
 * again. Requests are encoded once when the connection is opened, so the client spends the same
 * few microseconds per call whatever the server is, and the comparison measures the servers.
 */
interface EchoConnection extends Closeable {

	/**
	 * Send the echo request, wait for its answer and check that the payload came back whole.
	 * @throws IOException if the connection failed or the answer was not the echo
	 */
	void echo() throws IOException;

	/**
	 * Write all of a message, leaving the buffer itself untouched so it can be sent again.
	 * @param channel where to write
	 * @param message the bytes to send
	 * @throws IOException if the write fails
	 */
	static void send(WritableByteChannel channel, ByteBuffer message) throws IOException {
		ByteBuffer remaining = message.duplicate();
		while (remaining.hasRemaining()) {
			channel.write(remaining);
		}
	}

	/**
	 * Opens connections to one server with one payload.
	 */
	@FunctionalInterface
	interface Factory {

		EchoConnection open(Payload payload) throws IOException;

	}

}
