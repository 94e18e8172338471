package dev.pipeipc.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.FrameDecoder;
import dev.pipeipc.codec.FrameError;
import dev.pipeipc.codec.FrameSink;
import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeConnectionHandler;

/**
 * Serves one connection, in one direction: bytes read by the transport are cut into messages by
 * the framing's decoder on the I/O thread, each message is started on a worker (the last of each
 * read on the I/O thread where the transport allows) and handed to the protocol's handler for this
 * session, and its reply goes out through the {@link ServerSession}. Applies back-pressure when too
 * many requests of this connection are in progress, and closes once the client is done and every
 * reply owed is written.
 */
final class ServerConnection implements PipeConnectionHandler, FrameSink {

	private final PipeConnection connection;

	private final ServerSession session;

	private final PipeProtocol protocol;

	private final PipeProtocol.SessionHandler handler;

	private final ServerWorkers workers;

	private final Set<ServerSession> openSessions;

	private final PipeServerSettings settings;

	private final FrameDecoder decoder;

	private final MemoryBudget.@Nullable Account memory;

	private final PipeServerStatistics statistics;

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

		@Override
		public void completeInParts(byte[][] parts) {
			try {
				ServerConnection.this.session.send(parts);
			}
			finally {
				finished(false);
			}
		}

	};

	private volatile long lastActivity = System.nanoTime();

	private volatile boolean inputClosed;

	private volatile boolean streamBroken;

	/**
	 * Serve a new connection: open its session, and the protocol for it.
	 * @param connection the transport's connection
	 * @param settings the server's settings
	 * @param protocol the server's protocol
	 * @param workers the server's workers for this run
	 * @param openSessions the server's open sessions, which this one joins until it closes
	 */
	ServerConnection(PipeConnection connection, PipeServerSettings settings, PipeProtocol protocol,
			ServerWorkers workers, Set<ServerSession> openSessions) {
		this(connection, settings, protocol, workers, openSessions, PipeServerInstrumentation.none(settings.name()));
	}

	/**
	 * Serve a new connection of a server that observes its requests and keeps statistics.
	 * @param connection the transport's connection
	 * @param settings the server's settings
	 * @param protocol the server's protocol
	 * @param workers the server's workers for this run
	 * @param openSessions the server's open sessions, which this one joins until it closes
	 * @param instrumentation the server's request observer and statistics
	 */
	ServerConnection(PipeConnection connection, PipeServerSettings settings, PipeProtocol protocol,
			ServerWorkers workers, Set<ServerSession> openSessions, PipeServerInstrumentation instrumentation) {
		this(connection, settings, protocol, workers, openSessions, instrumentation, null);
	}

	/**
	 * Serve a new connection whose partly received bodies count against a budget.
	 * @param connection the transport's connection
	 * @param settings the server's settings
	 * @param protocol the server's protocol
	 * @param workers the server's workers for this run
	 * @param openSessions the server's open sessions, which this one joins until it closes
	 * @param instrumentation the server's request observer and statistics
	 * @param budget what all connections' partly received bodies may hold, or {@code null} for no
	 * bound
	 */
	ServerConnection(PipeConnection connection, PipeServerSettings settings, PipeProtocol protocol,
			ServerWorkers workers, Set<ServerSession> openSessions, PipeServerInstrumentation instrumentation,
			@Nullable MemoryBudget budget) {
		this.memory = (budget != null) ? budget.open(connection) : null;
		this.connection = connection;
		this.settings = settings;
		this.protocol = protocol;
		this.workers = workers;
		this.openSessions = openSessions;
		this.statistics = instrumentation.statistics();
		this.session = new ServerSession(connection, settings.name(), settings.framing(), protocol, this.statistics);
		this.handler = protocol.open(this.session, instrumentation);
		this.decoder = (this.memory != null) ? settings.framing().newDecoder(settings.maxMessageSize(), this.memory)
				: settings.framing().newDecoder(settings.maxMessageSize());
		openSessions.add(this.session);
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
		this.statistics.read(data.remaining());
		this.decoder.decode(data, this);
		if (this.memory != null) {
			this.memory.pauseIfExhausted();
		}
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
		if (this.handler.handleInline(message)) {
			return;
		}
		boolean refuse = this.workers.isDraining();
		this.workers.requestStarted();
		if (this.pending.incrementAndGet() >= this.settings.maxPendingRequests()
				&& this.readingPaused.compareAndSet(false, true)) {
			this.connection.pauseReading(true);
		}
		if (refuse) {
			// Stopping: answered here and now, so the refusal is queued before the transport
			// shuts this connection's input and closes it after the replies owed.
			refuse(message);
			return;
		}
		Runnable work = () -> {
			try {
				this.handler.handle(message, this.reply);
			}
			catch (RuntimeException | Error ex) {
				this.reply.completeAndClose(null);
				throw ex;
			}
		};
		if (mayRunInline && this.workers.runsInline() && this.connection.executeInline(work)) {
			return;
		}
		if (!this.workers.execute(work)) {
			refuse(message);
		}
	}

	private void refuse(byte[] message) {
		try {
			this.handler.refuse(message, shuttingDown(), this.reply);
		}
		catch (RuntimeException | Error ex) {
			this.reply.completeAndClose(null);
			throw ex;
		}
	}

	private String shuttingDown() {
		return "Pipe '" + this.settings.name() + "' is shutting down";
	}

	private void finish(byte @Nullable [] body, boolean close) {
		this.session.send(body);
		finished(close);
	}

	/** A reply was sent (or there was none): count the request done, and close if asked. */
	private void finished(boolean close) {
		if (close) {
			breakStream();
		}
		this.lastActivity = System.nanoTime();
		int remaining = this.pending.decrementAndGet();
		if (remaining < this.settings.maxPendingRequests() && this.readingPaused.compareAndSet(true, false)) {
			this.connection.pauseReading(false);
		}
		this.workers.requestFinished();
		if (remaining == 0 && this.inputClosed) {
			this.connection.closeAfterWrites();
		}
	}

	@Override
	public void onFrameError(FrameError error) {
		// Messages before the error are started first, so a fatal error closes only after their replies.
		startDecoded(this.decoded.size());
		this.statistics.frameError(error.kind());
		boolean reported = this.protocol.reportsErrors();
		if (reported) {
			this.session.send(this.protocol.frameErrorReply(error));
		}
		if (error.fatal() || !reported) {
			breakStream();
		}
	}

	@Override
	public void holdingPartOfMessage(long bytes) {
		if (this.memory != null) {
			this.memory.reserve(bytes, bytes);
			this.memory.pauseIfExhausted();
		}
	}

	@Override
	public void releasedPartsOfMessage(long bytes) {
		if (this.memory != null) {
			this.memory.release(bytes);
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
		if (this.memory != null) {
			this.memory.releaseAll();
		}
		this.openSessions.remove(this.session);
		this.handler.closed();
		this.session.closed();
	}

	@Override
	public boolean hasWorkInProgress() {
		return this.pending.get() > 0;
	}

	@Override
	public boolean isIdle(long nowNanos, long idleNanos) {
		return this.pending.get() == 0 && nowNanos - this.lastActivity > idleNanos;
	}

	@Override
	public String toString() {
		return this.session.toString();
	}

}
