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
 * into messages, and passes each on, until the stream ends or breaks. A frame that cannot be read
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
		try {
			while (true) {
				ByteBuffer chunk = this.channel.read();
				if (chunk == null) {
					this.ended.accept(null);
					return;
				}
				this.decoder.decode(chunk, this);
				FrameError error = this.frameError;
				if (error != null) {
					this.ended.accept(new IOException("Unreadable frame: " + error.message()));
					return;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			this.ended.accept(ex);
		}
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
