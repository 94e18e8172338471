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
 */
public record PipeListenOptions(String serverName, String address, int maxConnections,
		@Nullable Duration idleTimeout) {

}
