package dev.pipeipc.transport;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The process at the other end of a connection, as far as the operating system tells. Read once,
 * when the connection is accepted, and kept with it.
 * <p>
 * On Linux and macOS the user and primary group come from the socket's peer credentials
 * ({@code SO_PEERCRED}); their numeric ids and the supplementary groups from the process (Linux,
 * {@code /proc/<pid>/status}) or else from the user database ({@code getgrouplist}). On Windows the
 * process id comes from {@code GetNamedPipeClientProcessId} and the user and groups from the
 * client's access token, with their SIDs as ids.
 *
 * @param user the peer's user name, if known
 * @param group the peer's primary group name, if known
 * @param processId the peer's process id, or {@code -1} if unknown
 * @param userId the user's numeric id on Unix ({@code uid}) or its SID on Windows, if known
 * @param groupId the primary group's numeric id on Unix ({@code gid}) or its SID on Windows, if
 * known
 * @param groups every group the peer belongs to, the primary group included, or empty if unknown
 */
public record PipePeer(@Nullable String user, @Nullable String group, long processId, @Nullable String userId,
		@Nullable String groupId, List<Group> groups) {

	/**
	 * Create a peer, keeping an unmodifiable copy of its groups.
	 */
	public PipePeer {
		groups = List.copyOf(groups);
	}

	/**
	 * Create a peer known by name only.
	 * @param user the peer's user name, if known
	 * @param group the peer's primary group name, if known
	 * @param processId the peer's process id, or {@code -1} if unknown
	 */
	public PipePeer(@Nullable String user, @Nullable String group, long processId) {
		this(user, group, processId, null, null, List.of());
	}

	/**
	 * Whether the peer is this user: its name or its id equals the given value.
	 * @param nameOrId a user name, a numeric uid, or a SID
	 * @return {@code true} if it names this peer's user
	 */
	public boolean isUser(String nameOrId) {
		return nameOrId.equals(this.user) || nameOrId.equals(this.userId);
	}

	/**
	 * Whether the peer belongs to this group, as its primary group or one of the others.
	 * @param nameOrId a group name, a numeric gid, or a SID
	 * @return {@code true} if the peer is a member
	 */
	public boolean isInGroup(String nameOrId) {
		if (nameOrId.equals(this.group) || nameOrId.equals(this.groupId)) {
			return true;
		}
		for (Group candidate : this.groups) {
			if (nameOrId.equals(candidate.name()) || nameOrId.equals(candidate.id())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The peer in a few words, for logs: {@code user 'alice' (uid 1000, pid 4242)}.
	 * @return a description naming what is known
	 */
	public String describe() {
		StringBuilder description = new StringBuilder("user '").append((this.user != null) ? this.user : "?")
			.append('\'');
		StringBuilder details = new StringBuilder();
		if (this.userId != null) {
			details.append("id ").append(this.userId);
		}
		if (this.processId >= 0) {
			details.append((details.length() > 0) ? ", " : "").append("pid ").append(this.processId);
		}
		if (details.length() > 0) {
			description.append(" (").append(details).append(')');
		}
		return description.toString();
	}

	/**
	 * One group of the peer.
	 *
	 * @param name the group's name, if known
	 * @param id its numeric id on Unix or its SID on Windows, if known
	 */
	public record Group(@Nullable String name, @Nullable String id) {

	}

}
