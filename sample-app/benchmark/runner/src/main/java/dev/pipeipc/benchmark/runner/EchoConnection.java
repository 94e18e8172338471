package dev.pipeipc.benchmark.runner;

import java.io.Closeable;
import java.io.IOException;

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
	 * Opens connections to one server with one payload.
	 */
	@FunctionalInterface
	interface Factory {

		EchoConnection open(Payload payload) throws IOException;

	}

}
