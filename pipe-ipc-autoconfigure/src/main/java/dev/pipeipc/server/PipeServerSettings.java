package dev.pipeipc.server;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.Framing;

/**
 * Everything a {@link PipeServer} needs to know to listen, independent of how it was configured.
 *
 * @param name the pipe name, used in messages and thread names
 * @param address the platform address to bind (a socket path, or a {@code \\.\pipe\} name)
 * @param framing how messages are delimited
 * @param maxMessageSize the largest message accepted, in bytes
 * @param maxConnections the most connections served at once, or {@code -1} for no limit
 * @param idleTimeout how long a connection may stay quiet before it is closed, or {@code null} to
 * keep quiet connections open
 * @param maxThreads the most worker threads running handlers at once, when not on virtual threads
 * @param virtualThreads whether handlers run on virtual threads (Java 21 and later)
 * @param maxPendingRequests how many requests of one connection may be in progress before the
 * server stops reading more from it
 */
public record PipeServerSettings(String name, String address, Framing framing, int maxMessageSize,
		int maxConnections, @Nullable Duration idleTimeout, int maxThreads, boolean virtualThreads,
		int maxPendingRequests) {

	/** Default largest message: {@link Framing#DEFAULT_MAX_MESSAGE_SIZE}. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = Framing.DEFAULT_MAX_MESSAGE_SIZE;

	/** Default worker thread limit. */
	public static final int DEFAULT_MAX_THREADS = 200;

	/** Default limit of requests in progress per connection. */
	public static final int DEFAULT_MAX_PENDING_REQUESTS = 256;

	/**
	 * Settings with defaults for everything but name and address.
	 * @param name the pipe name
	 * @param address the platform address
	 * @return the settings
	 */
	public static PipeServerSettings of(String name, String address) {
		return new PipeServerSettings(name, address, Framing.CONTENT_LENGTH, DEFAULT_MAX_MESSAGE_SIZE, -1, null,
				DEFAULT_MAX_THREADS, false, DEFAULT_MAX_PENDING_REQUESTS);
	}


}
