package dev.pipeipc.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.FrameDecoder;
import dev.pipeipc.codec.FrameError;
import dev.pipeipc.codec.FrameSink;
import dev.pipeipc.transport.ClientChannel;

/**
 * The reader of one connection: reads what the channel hands it, lets the framing's decoder cut it
 * into messages, and passes each on, until the stream ends or breaks. It runs on the connection's
 * reader thread, or one read at a time on whichever thread has the {@link ReadTurn}. A frame that cannot be read
 * ends it too: its answer cannot be matched to its call, so the calls must fail rather than wait.
 */
final class ChannelReader implements Runnable, FrameSink {

	private final ClientChannel channel;

	private final FrameDecoder decoder;

	private final Consumer<byte[]> messages;

	private final Consumer<@Nullable Throwable> ended;

	private @Nullable FrameError frameError;

	/**
	 * Create a reader.
	 * @param channel the channel to read
	 * @param decoder the framing's decoder for this connection
	 * @param messages receives each message
	 * @param ended told once, with {@code null} when the server closed the connection, else the
	 * failure that ended reading
	 */
	ChannelReader(ClientChannel channel, FrameDecoder decoder, Consumer<byte[]> messages,
			Consumer<@Nullable Throwable> ended) {
		this.channel = channel;
		this.decoder = decoder;
		this.messages = messages;
		this.ended = ended;
	}

	@Override
	public void run() {
		while (readOnce()) {
			// Until the stream ends or breaks.
		}
	}

	/**
	 * Read what the channel hands over once, and pass on the messages it completes.
	 * @return {@code false} once reading has ended (the end has been reported)
	 */
	boolean readOnce() {
		try {
			return handle(this.channel.read());
		}
		catch (IOException | RuntimeException ex) {
			return failed(ex);
		}
	}

	/**
	 * Pass on the messages a chunk completes; called by one thread at a time, not always the same.
	 * @param chunk what was read, or {@code null} at the end of the stream
	 * @return {@code false} once reading has ended (the end has been reported)
	 */
	boolean handle(@Nullable ByteBuffer chunk) {
		try {
			if (chunk == null) {
				this.ended.accept(null);
				return false;
			}
			this.decoder.decode(chunk, this);
			FrameError error = this.frameError;
			if (error != null) {
				this.ended.accept(new IOException("Unreadable frame: " + error.message()));
				return false;
			}
			return true;
		}
		catch (RuntimeException ex) {
			return failed(ex);
		}
	}

	/**
	 * Reading broke.
	 * @param failure why
	 * @return {@code false}
	 */
	boolean failed(Throwable failure) {
		this.ended.accept(failure);
		return false;
	}

	@Override
	public void onFrame(byte[] message) {
		if (this.frameError == null) {
			this.messages.accept(message);
		}
	}

	@Override
	public void onFrameError(FrameError error) {
		if (this.frameError == null) {
			this.frameError = error;
		}
	}

}
