package dev.pipeipc.server;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

import dev.pipeipc.codec.FrameError;

/**
 * Running totals of one server, since it was created: bytes read and written, connections turned
 * away at the limit, framing errors by kind, and cancel requests. Kept by the engine at the cost
 * of an uncontended add per event, so a metrics library can read them whenever it likes (as the
 * Micrometer meter binder does) without being on the path of any request.
 */
public final class PipeServerStatistics {

	private final LongAdder bytesRead = new LongAdder();

	private final LongAdder bytesWritten = new LongAdder();

	private final LongAdder connectionsRefused = new LongAdder();

	private final LongAdder[] frameErrors = new LongAdder[FrameError.Kind.values().length];

	private final LongAdder cancelRequests = new LongAdder();

	private final LongAdder streamsOpened = new LongAdder();

	private final LongAdder streamsOpen = new LongAdder();

	PipeServerStatistics() {
		for (int i = 0; i < this.frameErrors.length; i++) {
			this.frameErrors[i] = new LongAdder();
		}
	}

	void read(int bytes) {
		this.bytesRead.add(bytes);
	}

	void written(ByteBuffer[] buffers) {
		long total = 0;
		for (ByteBuffer buffer : buffers) {
			total += buffer.remaining();
		}
		this.bytesWritten.add(total);
	}

	void connectionRefused() {
		this.connectionsRefused.increment();
	}

	void frameError(FrameError.Kind kind) {
		this.frameErrors[kind.ordinal()].increment();
	}

	/**
	 * Count a request from a client to cancel one of its requests ({@code $/cancelRequest} in
	 * JSON-RPC), whether or not the request was still running.
	 */
	public void cancelRequested() {
		this.cancelRequests.increment();
	}

	/**
	 * Count a stream a handler returned, open until {@link #streamClosed()}.
	 */
	public void streamOpened() {
		this.streamsOpened.increment();
		this.streamsOpen.increment();
	}

	/**
	 * Count the end of a stream counted by {@link #streamOpened()}, however it ended.
	 */
	public void streamClosed() {
		this.streamsOpen.decrement();
	}

	/**
	 * Streams of handler results open now, on all connections: values the clients may still pull.
	 * @return the count
	 */
	public long getOpenStreams() {
		return this.streamsOpen.sum();
	}

	/**
	 * Streams of handler results opened since the server started.
	 * @return the total
	 */
	public long getStreamsOpened() {
		return this.streamsOpened.sum();
	}

	/**
	 * Bytes read from clients, framing included.
	 * @return the total
	 */
	public long getBytesRead() {
		return this.bytesRead.sum();
	}

	/**
	 * Bytes written to clients, framing included.
	 * @return the total
	 */
	public long getBytesWritten() {
		return this.bytesWritten.sum();
	}

	/**
	 * Connections turned away because the server had as many as its connection limit allows.
	 * @return the total
	 */
	public long getConnectionsRefused() {
		return this.connectionsRefused.sum();
	}

	/**
	 * Messages that could not be cut from the byte stream.
	 * @param kind the kind of framing error
	 * @return the total of that kind
	 */
	public long getFrameErrors(FrameError.Kind kind) {
		return this.frameErrors[kind.ordinal()].sum();
	}

	/**
	 * Requests from clients to cancel one of their requests.
	 * @return the total
	 */
	public long getCancelRequests() {
		return this.cancelRequests.sum();
	}

}
