package dev.pipeipc.client;

import java.io.IOException;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.ClientChannel;
import dev.pipeipc.transport.unix.UnixClientChannel;
import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeClientChannel;

/**
 * Makes one attempt to open a channel to the pipe; {@link ConnectRetry} decides whether to try
 * again. The platform's channel is chosen once, from the address.
 */
@FunctionalInterface
interface ChannelConnector {

	/**
	 * Try to connect once (a Win32 pipe waits for a busy instance until the deadline).
	 * @param deadlineNanos until when ({@link System#nanoTime()}) the caller is willing to wait
	 * @return the open channel
	 * @throws IOException if the pipe is missing, busy or refuses
	 */
	ClientChannel connect(long deadlineNanos) throws IOException;

	/**
	 * The connector for an address: a Win32 named pipe when Win32 calls are given, else a Unix
	 * domain socket.
	 * @param address the socket path or {@code \\.\pipe\} name
	 * @param namedPipeApi the Win32 calls, or {@code null} on Unix
	 * @param framing the framing, {@link Framing#MESSAGE} reading Win32 pipes in message mode
	 * @param maxMessageSize the largest message a Win32 pipe reassembles
	 * @param serverUser a user whose Unix socket server is trusted besides this process's own, or
	 * {@code null}
	 * @return the connector
	 */
	static ChannelConnector forAddress(String address, @Nullable NamedPipeApi namedPipeApi, Framing framing,
			int maxMessageSize, @Nullable String serverUser) {
		if (namedPipeApi != null) {
			boolean messageMode = framing == Framing.MESSAGE;
			return (deadline) -> NamedPipeClientChannel.connect(namedPipeApi, address, messageMode, maxMessageSize,
					deadline, serverUser);
		}
		Path socket = Path.of(address);
		return (deadline) -> UnixClientChannel.connect(socket, serverUser);
	}

}
