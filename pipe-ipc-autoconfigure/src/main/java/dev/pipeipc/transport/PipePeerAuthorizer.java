package dev.pipeipc.transport;

/**
 * Decides, when a client connects and before any of its bytes is read, whether its process may
 * use the pipe. A transport closes a connection it refuses at once.
 * <p>
 * Called on the accepting thread with the peer the operating system reported; keep it fast and
 * free of I/O. A peer the platform could not identify is refused without asking the authorizer
 * unless it is {@link #ALLOW_ALL}.
 */
@FunctionalInterface
public interface PipePeerAuthorizer {

	/** Admits every peer: the default, where the socket's permissions alone decide who connects. */
	PipePeerAuthorizer ALLOW_ALL = (peer) -> true;

	/**
	 * Whether the peer may use the pipe.
	 * @param peer the process at the other end
	 * @return {@code true} to serve it, {@code false} to close the connection unread
	 */
	boolean isAllowed(PipePeer peer);

	/**
	 * An authorizer that admits only peers both this one and the other admit.
	 * @param other the second authorizer
	 * @return the combination
	 */
	default PipePeerAuthorizer and(PipePeerAuthorizer other) {
		if (this == ALLOW_ALL) {
			return other;
		}
		if (other == ALLOW_ALL) {
			return this;
		}
		return (peer) -> isAllowed(peer) && other.isAllowed(peer);
	}

}
