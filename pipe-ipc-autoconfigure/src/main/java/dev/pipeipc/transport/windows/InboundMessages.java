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
 * {@code ERROR_MORE_DATA} parts, with a message over the size limit counted but not kept. Both the
 * reader's blocking reads and the reads that drain the pipe at a graceful stop go through here, so
 * a message split across the two is still put together.
 */
final class InboundMessages {

	/** The buffer each read fills. */
	final byte[] buffer;

	private final PipeListenOptions options;

	private final Supplier<@Nullable PipeConnectionHandler> handler;

	private final ByteArrayOutputStream message = new ByteArrayOutputStream();

	private long messageLength;

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
		this.messageLength += result.count();
		if (this.messageLength <= this.options.maxMessageSize()) {
			this.message.write(this.buffer, 0, result.count());
		}
		else {
			this.message.reset();
		}
		if (result.moreData()) {
			return true;
		}
		if (this.messageLength > this.options.maxMessageSize()) {
			current.onMessageTooLong(this.messageLength);
		}
		else {
			current.onData(ByteBuffer.wrap(this.message.toByteArray()));
		}
		this.message.reset();
		this.messageLength = 0;
		return true;
	}

}
