package dev.pipeipc.autoconfigure.security;

import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

import dev.pipeipc.transport.PipePeer;

/**
 * A peer the operating system has identified: pre-authenticated, since the kernel (or Windows)
 * vouches for the user at the other end of the pipe and there are no credentials to check. The
 * principal is the user name; the details are the whole {@link PipePeer}.
 */
public class PipePeerAuthenticationToken extends AbstractAuthenticationToken {

	private final String user;

	private final PipePeer peer;

	/**
	 * Create an authenticated token.
	 * @param peer the peer, whose user name is known
	 * @param authorities what the peer may do
	 */
	public PipePeerAuthenticationToken(PipePeer peer, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		String name = peer.user();
		if (name == null) {
			throw new IllegalArgumentException("A peer without a user name cannot be authenticated: " + peer);
		}
		this.user = name;
		this.peer = peer;
		setDetails(peer);
		setAuthenticated(true);
	}

	/**
	 * The peer's user name.
	 * @return the user name
	 */
	@Override
	public String getPrincipal() {
		return this.user;
	}

	/**
	 * None: the operating system identified the peer.
	 * @return an empty string
	 */
	@Override
	public String getCredentials() {
		return "";
	}

	/**
	 * Everything the operating system told about the peer.
	 * @return the peer
	 */
	public PipePeer getPeer() {
		return this.peer;
	}

}
