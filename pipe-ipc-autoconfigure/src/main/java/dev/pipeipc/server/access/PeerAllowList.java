package dev.pipeipc.server.access;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.pipeipc.transport.PipePeer;
import dev.pipeipc.transport.PipePeerAuthorizer;

/**
 * Admits the peers whose user, or one of whose groups, is listed, each by name or by id (a
 * numeric uid or gid on Unix, a SID on Windows), and the server's own users: a process running as
 * the server's user can replace the server anyway, so refusing it protects nothing.
 */
public final class PeerAllowList implements PipePeerAuthorizer {

	private final Set<String> users;

	private final Set<String> groups;

	/**
	 * Create an allow-list.
	 * @param users the admitted users, by name or id
	 * @param groups the admitted groups, by name or id
	 * @param ownUsers the server's own user, by name and by id where known, always admitted
	 */
	public PeerAllowList(Collection<String> users, Collection<String> groups, Collection<String> ownUsers) {
		Set<String> admittedUsers = new LinkedHashSet<>(ownUsers);
		admittedUsers.addAll(trimmed(users));
		this.users = Set.copyOf(admittedUsers);
		this.groups = Set.copyOf(trimmed(groups));
	}

	private static Set<String> trimmed(Collection<String> values) {
		Set<String> trimmed = new LinkedHashSet<>();
		for (String value : values) {
			if (!value.isBlank()) {
				trimmed.add(value.trim());
			}
		}
		return trimmed;
	}

	@Override
	public boolean isAllowed(PipePeer peer) {
		for (String user : this.users) {
			if (peer.isUser(user)) {
				return true;
			}
		}
		for (String group : this.groups) {
			if (peer.isInGroup(group)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "users " + this.users + ", groups " + this.groups;
	}

}
