package dev.pipeipc.server.jsonrpc.stream;

import java.time.Duration;

/**
 * How a server streams a handler's values: the server's defaults, or one handler's after its
 * {@code @PipeStream} attributes. Named after StreamJsonRpc's {@code JsonRpcEnumerableSettings},
 * with the same meaning.
 *
 * @param minBatchSize fewest values a {@code $/enumerator/next} answer carries, unless the stream
 * ends first; at least 1
 * @param readAhead most values requested from the publisher before the client asks for them; at
 * least 0
 * @param prefetch values sent with the response itself; at least 0
 * @param maxOpenPerConnection most streams one connection may have open at once; at least 1
 * @param idleTimeout how long a stream waits for the client's next pull before it is cancelled;
 * positive
 */
public record StreamSettings(int minBatchSize, int readAhead, int prefetch, int maxOpenPerConnection,
		Duration idleTimeout) {

	/** StreamJsonRpc's batch size, a read-ahead that fills a batch while the last one travels, no prefetch. */
	public static final StreamSettings DEFAULTS = new StreamSettings(1, 256, 0, 16, Duration.ofMinutes(5));

	/**
	 * Create settings, checking each value.
	 * @throws IllegalArgumentException for a value out of its range, naming it
	 */
	public StreamSettings {
		require(minBatchSize >= 1, "min-batch-size", minBatchSize, "at least 1");
		require(readAhead >= 0, "read-ahead", readAhead, "at least 0");
		require(prefetch >= 0, "prefetch", prefetch, "at least 0");
		require(maxOpenPerConnection >= 1, "max-open-per-connection", maxOpenPerConnection, "at least 1");
		require(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idle-timeout", idleTimeout, "positive");
	}

	/**
	 * The most values a stream holds at once: requested but not yet sent.
	 * @return the larger of the batch size, read-ahead and prefetch
	 */
	public int capacity() {
		return Math.max(this.minBatchSize, Math.max(this.readAhead, this.prefetch));
	}

	private static void require(boolean valid, String name, Object value, String range) {
		if (!valid) {
			throw new IllegalArgumentException(
					"The stream setting '" + name + "' must be " + range + ", but was " + value + ".");
		}
	}

}
