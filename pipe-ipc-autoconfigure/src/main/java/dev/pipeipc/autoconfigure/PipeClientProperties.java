package dev.pipeipc.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.codec.Framing;

/**
 * Settings of one pipe client: {@code pipe.clients.<id>.*}. A setting left unset keeps the
 * default of {@link PipeClient.Builder}, so that each default is written in one place; only the
 * reconnect settings, which the builder leaves off unless asked, have their defaults here.
 */
public class PipeClientProperties {

	/**
	 * Pipe to call, by the server's naming rules. Unset uses the client's id.
	 */
	private @Nullable String pipe;

	/**
	 * Directory of the socket file on Unix, as the server's 'directory'.
	 */
	private @Nullable String directory;

	/**
	 * User, by name or numeric id, whose server this client trusts besides its own user. Unset
	 * refuses a socket owned by, or a server running as, any other user (Unix).
	 */
	private @Nullable String serverUser;

	/**
	 * How messages are delimited; must match the server's framing.
	 */
	private @Nullable Framing framing;

	/**
	 * How long to keep trying to connect while the pipe is missing or busy.
	 */
	private @Nullable Duration connectTimeout;

	/**
	 * How long to wait for each answer. Unset waits indefinitely.
	 */
	private @Nullable Duration requestTimeout;

	/**
	 * Whether to connect again, with backoff, on the next call after the connection was lost.
	 */
	private boolean reconnect = true;

	/**
	 * Wait after a failed reconnect attempt; doubles up to 'max-reconnect-backoff'.
	 */
	private Duration reconnectBackoff = Duration.ofMillis(100);

	/**
	 * Longest wait between reconnect attempts.
	 */
	private Duration maxReconnectBackoff = Duration.ofSeconds(5);

	/**
	 * Largest answer accepted.
	 */
	private @Nullable DataSize maxMessageSize;

	/**
	 * Limits of the JSON parser for the server's answers, per message.
	 */
	@NestedConfigurationProperty
	private final PipeJsonProperties json = new PipeJsonProperties();

	public PipeJsonProperties getJson() {
		return this.json;
	}

	public @Nullable String getPipe() {
		return this.pipe;
	}

	public void setPipe(@Nullable String pipe) {
		this.pipe = pipe;
	}

	public @Nullable String getServerUser() {
		return this.serverUser;
	}

	public void setServerUser(@Nullable String serverUser) {
		this.serverUser = serverUser;
	}

	public @Nullable String getDirectory() {
		return this.directory;
	}

	public void setDirectory(@Nullable String directory) {
		this.directory = directory;
	}

	public @Nullable Framing getFraming() {
		return this.framing;
	}

	public void setFraming(@Nullable Framing framing) {
		this.framing = framing;
	}

	public @Nullable Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(@Nullable Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public @Nullable Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(@Nullable Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public boolean isReconnect() {
		return this.reconnect;
	}

	public void setReconnect(boolean reconnect) {
		this.reconnect = reconnect;
	}

	public Duration getReconnectBackoff() {
		return this.reconnectBackoff;
	}

	public void setReconnectBackoff(Duration reconnectBackoff) {
		this.reconnectBackoff = reconnectBackoff;
	}

	public Duration getMaxReconnectBackoff() {
		return this.maxReconnectBackoff;
	}

	public void setMaxReconnectBackoff(Duration maxReconnectBackoff) {
		this.maxReconnectBackoff = maxReconnectBackoff;
	}

	public @Nullable DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(@Nullable DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

}
