package dev.pipeipc.autoconfigure.security;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.pipeipc.transport.PipePeer;

/**
 * The peer's user name as principal and one role per operating system group, named as Spring
 * Security's LDAP authorities populator names them: {@code ROLE_} and the group name in upper
 * case, so a member of {@code pipe-admins} passes {@code @PreAuthorize("hasRole('PIPE-ADMINS')")}.
 * A group known only by its id gives no role. A peer without a user name is not authenticated.
 */
public class DefaultPipePeerAuthenticationConverter implements PipePeerAuthenticationConverter {

	/** The prefix of every role, as Spring Security's {@code hasRole} expects. */
	public static final String ROLE_PREFIX = "ROLE_";

	@Override
	public @Nullable Authentication convert(PipePeer peer) {
		if (peer.user() == null) {
			return null;
		}
		Set<GrantedAuthority> authorities = new LinkedHashSet<>();
		addRole(authorities, peer.group());
		for (PipePeer.Group group : peer.groups()) {
			addRole(authorities, group.name());
		}
		return new PipePeerAuthenticationToken(peer, authorities);
	}

	private static void addRole(Set<GrantedAuthority> authorities, @Nullable String group) {
		if (group != null && !group.isBlank()) {
			authorities.add(new SimpleGrantedAuthority(ROLE_PREFIX + group.toUpperCase(Locale.ROOT)));
		}
	}

}
