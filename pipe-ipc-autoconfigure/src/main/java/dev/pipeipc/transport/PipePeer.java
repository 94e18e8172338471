package dev.pipeipc.transport;

import org.jspecify.annotations.Nullable;

/**
 * The process at the other end of a connection, as far as the operating system tells.
 *
 * @param user the peer's user name, if known
 * @param group the peer's primary group name, if known
 * @param processId the peer's process id, or {@code -1} if unknown
 */
public record PipePeer(@Nullable String user, @Nullable String group, long processId) {

}
