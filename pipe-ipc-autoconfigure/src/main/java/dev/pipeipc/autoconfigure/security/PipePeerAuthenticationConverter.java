package dev.pipeipc.autoconfigure.security;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;

import dev.pipeipc.transport.PipePeer;

/**
 * Turns the peer of a connection into the {@link Authentication} its handler calls run with.
 * Define a bean of this type to choose the authorities yourself (from a directory, a file, the
 * peer's user id); the default is {@link DefaultPipePeerAuthenticationConverter}.
 */
@FunctionalInterface
public interface PipePeerAuthenticationConverter {

	/**
	 * Convert a peer.
	 * @param peer the peer, as the operating system identified it
	 * @return its authentication, or {@code null} to call handlers unauthenticated
	 */
	@Nullable Authentication convert(PipePeer peer);

}
