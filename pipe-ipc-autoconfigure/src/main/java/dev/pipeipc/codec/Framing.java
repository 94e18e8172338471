package dev.pipeipc.codec;

import java.nio.ByteBuffer;

/**
 * How messages are delimited on a pipe. Every framing carries exactly one JSON-RPC message (or one
 * raw message) per frame; see {@code docs/protocol.md} for the byte-level definition.
 */
public enum Framing {

	/**
	 * The LSP base protocol: {@code Content-Length} header (and optional {@code Content-Type}),
	 * an empty line, then the body. Spoken by vscode-jsonrpc and StreamJsonRpc's header handler.
	 */
	CONTENT_LENGTH {
		@Override
		public FrameDecoder newDecoder(int maxMessageSize) {
			return new ContentLengthFrameDecoder(maxMessageSize);
		}

		@Override
		public ByteBuffer[] encode(byte[] message) {
			return new ByteBuffer[] { ContentLengthFrameDecoder.header(message.length), ByteBuffer.wrap(message) };
		}
	},

	/**
	 * A 4-byte big-endian length followed by the body, as StreamJsonRpc's length-header handler.
	 */
	LENGTH_PREFIX {
		@Override
		public FrameDecoder newDecoder(int maxMessageSize) {
			return new LengthPrefixFrameDecoder(maxMessageSize);
		}

		@Override
		public ByteBuffer[] encode(byte[] message) {
			ByteBuffer prefix = ByteBuffer.allocate(4).putInt(0, message.length);
			return new ByteBuffer[] { prefix, ByteBuffer.wrap(message) };
		}
	},

	/**
	 * One message per line, terminated by {@code \n} (a preceding {@code \r} is ignored). Suits
	 * shell tools; messages must not contain raw line breaks (JSON never needs them).
	 */
	NEWLINE {
		@Override
		public FrameDecoder newDecoder(int maxMessageSize) {
			return new NewlineFrameDecoder(maxMessageSize);
		}

		@Override
		public ByteBuffer[] encode(byte[] message) {
			return new ByteBuffer[] { ByteBuffer.wrap(message), ByteBuffer.wrap(NewlineFrameDecoder.LINE_END) };
		}
	},


	/**
	 * One transport message per protocol message, as Win32 message-mode pipes carry them (the
	 * seed-style {@code WriteFile}/{@code ReadFile} exchange). Only transports that keep message
	 * boundaries support it; they deliver each whole message to the decoder in one call.
	 */
	MESSAGE {
		@Override
		public FrameDecoder newDecoder(int maxMessageSize) {
			return new MessageFrameDecoder();
		}

		@Override
		public ByteBuffer[] encode(byte[] message) {
			return new ByteBuffer[] { ByteBuffer.wrap(message) };
		}
	};

	/**
	 * Create a decoder for one connection; decoders keep state between reads and are not shared.
	 * @param maxMessageSize the largest body accepted, in bytes
	 * @return a new decoder
	 */
	public abstract FrameDecoder newDecoder(int maxMessageSize);

	/**
	 * Frame one outgoing message.
	 * @param message the message body
	 * @return the buffers to write, in order (a gathering write sends them without copying the body)
	 */
	public abstract ByteBuffer[] encode(byte[] message);

	/**
	 * The name used in configuration, such as {@code content-length}.
	 * @return the lower-case, hyphenated name
	 */
	public String configName() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
