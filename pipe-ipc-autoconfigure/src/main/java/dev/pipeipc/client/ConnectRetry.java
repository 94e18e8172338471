package dev.pipeipc.client;

import java.io.IOException;
import java.time.Duration;

import dev.pipeipc.transport.ClientChannel;
import dev.pipeipc.transport.PipeServerTrustException;

/**
 * Opens a channel, trying again while the pipe is missing or busy until the connect timeout: a
 * client started together with its server finds it once it listens. Pauses between attempts start
 * at 10 ms and double up to 200 ms.
 */
final class ConnectRetry {

	private static final long FIRST_PAUSE_MILLIS = 10;

	private static final long MAX_PAUSE_MILLIS = 200;

	private final String pipeName;

	private final String address;

	private final Duration connectTimeout;

	private final ChannelConnector connector;

	ConnectRetry(String pipeName, String address, Duration connectTimeout, ChannelConnector connector) {
		this.pipeName = pipeName;
		this.address = address;
		this.connectTimeout = connectTimeout;
		this.connector = connector;
	}

	/**
	 * Open a channel.
	 * @return the channel
	 * @throws PipeConnectException if none opens within the connect timeout, or the thread is
	 * interrupted
	 */
	ClientChannel open() {
		long deadline = System.nanoTime() + this.connectTimeout.toNanos();
		long pause = FIRST_PAUSE_MILLIS;
		while (true) {
			try {
				return this.connector.connect(deadline);
			}
			catch (PipeServerTrustException ex) {
				// An impostor does not go away by waiting.
				throw new PipeConnectException("Refusing pipe '" + this.pipeName + "': " + ex.getMessage(), ex);
			}
			catch (IOException ex) {
				if (System.nanoTime() - deadline >= 0) {
					throw new PipeConnectException("Cannot connect to pipe '" + this.pipeName + "' at '" + this.address
							+ "' within " + this.connectTimeout.toMillis() + " ms: " + ex.getMessage()
							+ ". Is the server running?", ex);
				}
				try {
					Thread.sleep(pause);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new PipeConnectException(
							"Interrupted while connecting to pipe '" + this.pipeName + "' at '" + this.address + "'", ex);
				}
				pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
			}
		}
	}

}
