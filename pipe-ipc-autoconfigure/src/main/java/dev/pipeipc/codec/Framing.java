package dev.pipeipc.codec;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * How messages are delimited on a pipe: each framing hands out a {@link FrameDecoder} per
 * connection for what is read and one shared {@link FrameEncoder} for what is written. Every
 * framing carries exactly one JSON-RPC message (or one raw message) per frame; the wire formats
 * are drawn in the encoders' documentation and defined in {@code docs/protocol.md}.
 * <p>
 * A framing names its codec classes only in the methods that create them, so that a server or
 * client loads the codec of the framing it uses and no other.
 */
public enum Framing {

	/**
	 * The LSP base protocol: {@code Content-Length} header (and optional {@code Content-Type}),
	 * an empty line, then the body. Spoken by vscode-jsonrpc and StreamJsonRpc's header handler.
	 */
	CONTENT_LENGTH,

	/**
	 * A 4-byte big-endian length followed by the body, as StreamJsonRpc's length-header handler.
	 */
	LENGTH_PREFIX,

	/**
	 * One message per line, terminated by {@code \n} (a preceding {@code \r} is ignored). Suits
	 * shell tools; messages must not contain raw line breaks (JSON never needs them).
	 */
	NEWLINE,

	/**
	 * One transport message per protocol message, as Win32 message-mode pipes carry them (the
	 * seed-style {@code WriteFile}/{@code ReadFile} exchange). Only transports that keep message
	 * boundaries support it; they deliver each whole message to the decoder in one call and
	 * enforce the size limit themselves.
	 */
	MESSAGE;

	/**
	 * Largest message body accepted when nothing else is configured: 16 MiB, the same on servers
	 * and clients, so that what one side sends by default the other side reads.
	 */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

	/**
	 * Create a decoder for one connection; decoders keep state between reads and are not shared.
	 * @param maxMessageSize the largest body accepted, in bytes
	 * @return a new decoder
	 */
	public FrameDecoder newDecoder(int maxMessageSize) {
		return switch (this) {
			case CONTENT_LENGTH -> new ContentLengthFrameDecoder(maxMessageSize);
			case LENGTH_PREFIX -> new LengthPrefixFrameDecoder(maxMessageSize);
			case NEWLINE -> new NewlineFrameDecoder(maxMessageSize);
			case MESSAGE -> new MessageFrameDecoder();
		};
	}

	/**
	 * Create a decoder for one connection whose partly received bodies grow only as far as the
	 * given memory grants (the {@code content-length} and {@code length-prefix} framings; the
	 * others buffer at most one line or get whole messages from their transport).
	 * @param maxMessageSize the largest body accepted, in bytes
	 * @param memory what the connection's partly received bodies may take
	 * @return a new decoder
	 */
	public FrameDecoder newDecoder(int maxMessageSize, BodyMemory memory) {
		return switch (this) {
			case CONTENT_LENGTH -> new ContentLengthFrameDecoder(maxMessageSize, memory);
			case LENGTH_PREFIX -> new LengthPrefixFrameDecoder(maxMessageSize, memory);
			default -> newDecoder(maxMessageSize);
		};
	}

	/**
	 * The encoder of this framing; stateless, so shared by all connections.
	 * @return the encoder
	 */
	public FrameEncoder encoder() {
		return switch (this) {
			case CONTENT_LENGTH -> ContentLengthFrameEncoder.INSTANCE;
			case LENGTH_PREFIX -> LengthPrefixFrameEncoder.INSTANCE;
			case NEWLINE -> NewlineFrameEncoder.INSTANCE;
			case MESSAGE -> MessageFrameEncoder.INSTANCE;
		};
	}

	/**
	 * Frame one outgoing message; the same as {@code encoder().encode(message)}.
	 * @param message the message body
	 * @return the buffers to write, in order (a gathering write sends them without copying the body)
	 */
	public ByteBuffer[] encode(byte[] message) {
		return encoder().encode(message);
	}

	/**
	 * Frame one outgoing message given in parts; the same as {@code encoder().encode(parts)}.
	 * @param parts the message body's parts, in order
	 * @return the buffers to write, in order
	 */
	public ByteBuffer[] encode(byte[][] parts) {
		return encoder().encode(parts);
	}

	/**
	 * The name used in configuration, such as {@code content-length}.
	 * @return the lower-case, hyphenated name
	 */
	public String configName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
