package dev.pipeipc.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.FrameDecoder;
import dev.pipeipc.codec.FrameError;
import dev.pipeipc.codec.FrameSink;
import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipePeer;

/**
 * The server side of one connection: decodes frames on the I/O thread, runs the last message of
 * each read on that thread where the transport allows and the others on workers, frames and
 * writes the replies, and applies back-pressure when too many requests of this
 * connection are in progress. It is also the {@link PipeSession} handlers see.
 */
final class ServerConnection implements PipeConnectionHandler, PipeSession, FrameSink {

	private final PipeServer server;

	private final PipeConnection connection;

	private final PipeServerSettings settings;

	private final PipeProtocol protocol;

	private final FrameDecoder decoder;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicBoolean readingPaused = new AtomicBoolean();

	/** Messages decoded from the data being read; touched by the reading thread only. */
	private final List<byte[]> decoded = new ArrayList<>(4);

	private final PipeProtocol.Reply reply = new PipeProtocol.Reply() {

		@Override
		public void complete(byte @Nullable [] body) {
			finish(body, false);
		}

		@Override
		public void completeAndClose(byte @Nullable [] body) {
			finish(body, true);
		}

	};

	private volatile long lastActivity = System.nanoTime();

	private volatile boolean inputClosed;

	private volatile boolean streamBroken;

	ServerConnection(PipeServer server, PipeConnection connection, PipeServerSettings settings, PipeProtocol protocol) {
		this.server = server;
		this.connection = connection;
		this.settings = settings;
		this.protocol = protocol;
		this.decoder = settings.framing().newDecoder(settings.maxMessageSize());
	}

	/**
	 * Decode what arrived, then start the messages in order: all but the last on workers, the
	 * last on this I/O thread if the transport allows (a closed-loop client's only message, in
	 * the common case). Running it after decoding means nothing of this connection waits behind
	 * it, and a pipelining client's messages still run concurrently.
	 */
	@Override
	public void onData(ByteBuffer data) {
		if (this.streamBroken) {
			return;
		}
		this.decoder.decode(data, this);
		int count = this.decoded.size();
		if (count == 0) {
			return;
		}
		byte[] last = this.decoded.get(count - 1);
		startDecoded(count - 1);
		start(last, true);
	}

	@Override
	public void onFrame(byte[] message) {
		this.lastActivity = System.nanoTime();
		this.decoded.add(message);
	}

	private void startDecoded(int count) {
		for (int i = 0; i < count; i++) {
			start(this.decoded.get(i), false);
		}
		this.decoded.clear();
	}

	private void start(byte[] message, boolean mayRunInline) {
		if (this.protocol.handleInline(message, this)) {
			return;
		}
		boolean refuse = this.server.isDraining();
		this.server.requestStarted();
		if (this.pending.incrementAndGet() >= this.settings.maxPendingRequests()
				&& this.readingPaused.compareAndSet(false, true)) {
			this.connection.pauseReading(true);
		}
		Runnable work = () -> {
			try {
				if (refuse) {
					this.protocol.refuse(message, "Pipe '" + this.settings.name() + "' is shutting down", this.reply);
				}
				else {
					this.protocol.handle(message, this, this.reply);
				}
			}
			catch (RuntimeException | Error ex) {
				this.reply.completeAndClose(null);
				throw ex;
			}
		};
		if (mayRunInline && this.server.runsHandlersInline() && this.connection.executeInline(work)) {
			return;
		}
		if (!this.server.dispatch(work)) {
			this.protocol.refuse(message, "Pipe '" + this.settings.name() + "' is shutting down", this.reply);
		}
	}

	private void finish(byte @Nullable [] reply, boolean close) {
		this.server.send(this.connection, reply);
		if (close) {
			breakStream();
		}
		this.lastActivity = System.nanoTime();
		int remaining = this.pending.decrementAndGet();
		if (remaining < this.settings.maxPendingRequests() && this.readingPaused.compareAndSet(true, false)) {
			this.connection.pauseReading(false);
		}
		this.server.requestFinished();
		if (remaining == 0 && this.inputClosed) {
			this.connection.closeAfterWrites();
		}
	}

	@Override
	public void onFrameError(FrameError error) {
		// Messages before the error are started first, so a fatal error closes only after their replies.
		startDecoded(this.decoded.size());
		boolean reported = this.protocol.reportsErrors();
		if (reported) {
			this.server.send(this.connection, this.protocol.frameErrorReply(error));
		}
		if (error.fatal() || !reported) {
			breakStream();
		}
	}

	@Override
	public void onMessageTooLong(long length) {
		onFrameError(FrameError.tooLong(length, this.settings.maxMessageSize(), false));
	}

	/**
	 * Read nothing further, but let the replies to requests already in progress go out, then
	 * close: after a fatal framing error no frame boundary can be trusted any more.
	 */
	private void breakStream() {
		synchronized (this) {
			if (this.streamBroken) {
				return;
			}
			this.streamBroken = true;
		}
		this.connection.pauseReading(true);
		onInputClosed();
	}

	@Override
	public void onInputClosed() {
		this.inputClosed = true;
		if (this.pending.get() == 0) {
			this.connection.closeAfterWrites();
		}
	}

	@Override
	public void onClosed() {
		this.server.sessionClosed(this);
		this.protocol.sessionClosed(this);
		this.attributes.clear();
	}

	@Override
	public void notify(String method, @Nullable Object params) {
		send(this.protocol.notification(method, params));
	}

	void send(byte[] body) {
		this.server.send(this.connection, body);
	}

	@Override
	public boolean isIdle(long nowNanos, long idleNanos) {
		return this.pending.get() == 0 && nowNanos - this.lastActivity > idleNanos;
	}

	@Override
	public long id() {
		return this.connection.id();
	}

	@Override
	public String serverName() {
		return this.settings.name();
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
	public boolean isOpen() {
		return this.connection.isOpen();
	}

	@Override
	public String toString() {
		return "PipeSession " + id() + " on pipe '" + this.settings.name() + "'";
	}

}
