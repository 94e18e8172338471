package dev.pipeipc.transport.windows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipeListenOptions;

/**
 * What the reader of one {@link NamedPipeConnection} has read, handed to the connection's handler:
 * passed on as it comes, or, under message framing, put back together from its
 * {@code ERROR_MORE_DATA} parts, with a message over the size limit counted but not kept. The
 * parts held are counted by the handler ({@link PipeConnectionHandler#holdingPartOfMessage}), which
 * bounds what all connections' unfinished messages hold together. Both the
 * reader's blocking reads and the reads that drain the pipe at a graceful stop go through here, so
 * a message split across the two is still put together.
 */
final class InboundMessages {

	/** The buffer each read fills. */
	final byte[] buffer;

	private final PipeListenOptions options;

	private final Supplier<@Nullable PipeConnectionHandler> handler;

	private ByteArrayOutputStream message = new ByteArrayOutputStream();

	private long messageLength;

	/** The bytes of the message being put together that the handler was told are held. */
	private long held;

	InboundMessages(PipeListenOptions options, int bufferSize, Supplier<@Nullable PipeConnectionHandler> handler) {
		this.buffer = new byte[bufferSize];
		this.options = options;
		this.handler = handler;
	}

	/**
	 * Hand on what a read put into {@link #buffer}.
	 * @param result the read's outcome
	 * @return {@code false} once the connection has no handler any more
	 */
	boolean deliver(NamedPipeApi.ReadResult result) {
		PipeConnectionHandler current = this.handler.get();
		if (current == null) {
			return false;
		}
		if (!this.options.messageFraming()) {
			current.onData(ByteBuffer.wrap(this.buffer, 0, result.count()));
			return true;
		}
		if (!result.moreData() && this.messageLength == 0 && result.count() <= this.options.maxMessageSize()) {
			// The usual case: a message that fits one read is handed on without being held.
			current.onData(ByteBuffer.wrap(this.buffer, 0, result.count()));
			return true;
		}
		this.messageLength += result.count();
		if (this.messageLength <= this.options.maxMessageSize()) {
			current.holdingPartOfMessage(result.count());
			this.held += result.count();
			this.message.write(this.buffer, 0, result.count());
		}
		else {
			release(current);
		}
		if (result.moreData()) {
			return true;
		}
		byte[] whole = (this.messageLength <= this.options.maxMessageSize()) ? this.message.toByteArray() : null;
		long length = this.messageLength;
		release(current);
		this.messageLength = 0;
		if (whole == null) {
			current.onMessageTooLong(length);
		}
		else {
			current.onData(ByteBuffer.wrap(whole));
		}
		return true;
	}

	private void release(PipeConnectionHandler current) {
		// A stream reset keeps its array: let a large one go rather than hold it for the next message.
		if (this.message.size() > this.buffer.length) {
			this.message = new ByteArrayOutputStream();
		}
		else {
			this.message.reset();
		}
		if (this.held > 0) {
			current.releasedPartsOfMessage(this.held);
			this.held = 0;
		}
	}

}
