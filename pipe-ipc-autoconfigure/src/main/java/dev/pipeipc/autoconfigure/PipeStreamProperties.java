package dev.pipeipc.autoconfigure;

import java.time.Duration;

import dev.pipeipc.server.jsonrpc.stream.StreamSettings;

/**
 * How a server streams the values of handlers that return a {@code Flux}, a {@code Publisher} or a
 * {@code Stream} ({@code pipe.server.streams.*}): StreamJsonRpc's enumerable settings, plus the
 * limits that keep a client that never pulls from holding the server's memory. A handler's
 * {@code @PipeStream} overrides the first four. Defaults are {@link StreamSettings#DEFAULTS}.
 */
public class PipeStreamProperties {

	/**
	 * Fewest values an answer to '$/enumerator/next' carries, unless the stream ends first.
	 */
	private int minBatchSize = StreamSettings.DEFAULTS.minBatchSize();

	/**
	 * Most values requested from a handler's publisher before the client asks for them; with
	 * 'min-batch-size' and 'prefetch', bounds the values each stream holds.
	 */
	private int readAhead = StreamSettings.DEFAULTS.readAhead();

	/**
	 * Values sent with the handler's response itself, before the client asks for any. The response
	 * waits for them (or for the stream's end).
	 */
	private int prefetch = StreamSettings.DEFAULTS.prefetch();

	/**
	 * Most streams one connection may have open at once; a handler call past it is answered with
	 * error -32000.
	 */
	private int maxOpenPerConnection = StreamSettings.DEFAULTS.maxOpenPerConnection();

	/**
	 * How long a stream waits for the client's next '$/enumerator/next' before it is cancelled.
	 */
	private Duration idleTimeout = StreamSettings.DEFAULTS.idleTimeout();

	public int getMinBatchSize() {
		return this.minBatchSize;
	}

	public void setMinBatchSize(int minBatchSize) {
		this.minBatchSize = minBatchSize;
	}

	public int getReadAhead() {
		return this.readAhead;
	}

	public void setReadAhead(int readAhead) {
		this.readAhead = readAhead;
	}

	public int getPrefetch() {
		return this.prefetch;
	}

	public void setPrefetch(int prefetch) {
		this.prefetch = prefetch;
	}

	public int getMaxOpenPerConnection() {
		return this.maxOpenPerConnection;
	}

	public void setMaxOpenPerConnection(int maxOpenPerConnection) {
		this.maxOpenPerConnection = maxOpenPerConnection;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	/**
	 * The settings, once validated.
	 * @return the server's stream settings
	 */
	StreamSettings toSettings() {
		return new StreamSettings(this.minBatchSize, this.readAhead, this.prefetch, this.maxOpenPerConnection,
				this.idleTimeout);
	}

}
