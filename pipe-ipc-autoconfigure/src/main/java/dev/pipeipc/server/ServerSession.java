package dev.pipeipc.server;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipePeer;

/**
 * One client connection as handlers see it, and the only place the server's outgoing messages
 * are framed and written: replies, refusals, frame-error reports and pushed notifications all go
 * out through {@link #send}.
 */
final class ServerSession implements PipeSession {

	private final PipeConnection connection;

	private final String serverName;

	private final Framing framing;

	private final PipeProtocol protocol;

	private final PipeServerStatistics statistics;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	ServerSession(PipeConnection connection, String serverName, Framing framing, PipeProtocol protocol,
			PipeServerStatistics statistics) {
		this.connection = connection;
		this.serverName = serverName;
		this.framing = framing;
		this.protocol = protocol;
		this.statistics = statistics;
	}

	/**
	 * Frame a message and queue it for the client; dropped if the connection has closed.
	 * @param body the message body, or {@code null} for nothing to send
	 */
	void send(byte @Nullable [] body) {
		if (body != null && this.connection.isOpen()) {
			ByteBuffer[] frame = this.framing.encode(body);
			this.statistics.written(frame);
			this.connection.write(frame);
		}
	}

	/**
	 * Frame a message given in parts and queue it for the client; dropped if the connection has
	 * closed.
	 * @param parts the message body's parts, in order
	 */
	void send(byte[][] parts) {
		if (this.connection.isOpen()) {
			ByteBuffer[] frame = this.framing.encode(parts);
			this.statistics.written(frame);
			this.connection.write(frame);
		}
	}

	void closed() {
		this.attributes.clear();
	}

	@Override
	public void notify(String method, @Nullable Object params) {
		send(this.protocol.notification(method, params));
	}

	@Override
	public long id() {
		return this.connection.id();
	}

	@Override
	public String serverName() {
		return this.serverName;
	}

	@Override
	public Optional<PipePeer> peer() {
		return Optional.ofNullable(this.connection.peer());
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public long queuedBytes() {
		return this.connection.queuedBytes();
	}

	@Override
	public boolean isOpen() {
		return this.connection.isOpen();
	}

	@Override
	public String toString() {
		return "PipeSession " + id() + " on pipe '" + this.serverName + "'";
	}

}
