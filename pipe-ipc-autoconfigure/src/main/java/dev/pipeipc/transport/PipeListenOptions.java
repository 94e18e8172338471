package dev.pipeipc.transport;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Where and how a transport listens.
 *
 * @param serverName the logical server name, used in thread names and messages
 * @param address the platform address (a socket path, or a {@code \\.\pipe\} name)
 * @param maxConnections the most connections served at once, or {@code -1} for no limit
 * @param idleTimeout how long a connection may stay quiet before it is closed, or {@code null}
 * to keep quiet connections open
 * @param messageFraming whether every transport-level message is one protocol message, so the
 * transport must deliver whole messages (only transports with message boundaries, such as Win32
 * message-mode pipes, support it)
 * @param maxMessageSize the largest message, enforced by the transport under message framing
 */
public record PipeListenOptions(String serverName, String address, int maxConnections,
		@Nullable Duration idleTimeout, boolean messageFraming, int maxMessageSize) {

}
