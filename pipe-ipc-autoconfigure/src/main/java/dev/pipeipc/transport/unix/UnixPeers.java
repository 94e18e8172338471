package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipePeer;

/**
 * Reads who is at the other end of a Unix domain socket, once, when it is accepted or connected.
 * <p>
 * The user and primary group names come from the JDK ({@code SO_PEERCRED}, Linux and macOS). With
 * JNA on the class path the rest is filled in:
 * <ul>
 * <li>when the socket's descriptor can be read (the JDK's {@code sun.nio.ch} package exported to
 * this code, {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}), the process id, uid and gid
 * straight from the kernel's peer credentials ({@code SO_PEERCRED}) and the process's
 * supplementary groups as they were when it connected ({@code SO_PEERGROUPS}, Linux 4.13 and
 * later), never from {@code /proc/<pid>}, whose process may have exited and its id been reused;</li>
 * <li>otherwise the uid and gid of those names and the user's groups from the user and group
 * databases; the process id stays unknown.</li>
 * </ul>
 * Without JNA only names that are numbers (a user without a database entry) give ids.
 */
final class UnixPeers {

	private static final boolean JNA = isPresent("com.sun.jna.Native");

	private static final @Nullable Method FD_VAL = fdValMethod();

	private UnixPeers() {
	}

	/**
	 * Identify the peer of a connected socket.
	 * @param channel the socket
	 * @return the peer, or {@code null} if the platform does not say
	 */
	static @Nullable PipePeer read(SocketChannel channel) {
		UnixDomainPrincipal principal;
		try {
			principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return null;
		}
		String user = principal.user().getName();
		String group = principal.group().getName();
		if (!JNA) {
			return new PipePeer(user, group, -1, numeric(user), numeric(group),
					List.of(new PipePeer.Group(group, numeric(group))));
		}
		return identify(user, group, descriptor(channel));
	}

	/**
	 * Complete what the JDK told with JNA: from the kernel through the socket's descriptor where
	 * it is known, else from the user and group databases.
	 * @param user the peer's user name
	 * @param group the peer's primary group name
	 * @param fd the socket's descriptor, or {@code -1}
	 * @return the peer
	 */
	static PipePeer identify(String user, String group, int fd) {
		try {
			return Native.identify(user, group, fd);
		}
		catch (LinkageError | RuntimeException ex) {
			return new PipePeer(user, group, -1);
		}
	}

	/**
	 * The socket's file descriptor, if the JDK lets this code see it.
	 * @return the descriptor, or {@code -1}
	 */
	static int descriptor(SocketChannel channel) {
		Method fdVal = FD_VAL;
		if (fdVal == null) {
			return -1;
		}
		try {
			return (Integer) fdVal.invoke(channel);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return -1;
		}
	}

	private static @Nullable Method fdValMethod() {
		try {
			Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
			if (!selectable.getModule().isExported("sun.nio.ch", UnixPeers.class.getModule())) {
				return null;
			}
			return selectable.getMethod("getFDVal");
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable String numeric(String name) {
		return (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) ? name : null;
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, UnixPeers.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * The part that touches JNA classes, loaded only when JNA is present.
	 */
	private static final class Native {

		static PipePeer identify(String user, String group, int fd) {
			int[] credentials = (fd >= 0) ? NativeUsers.peerCredentials(fd) : null;
			long pid = -1;
			long uid;
			long gid;
			if (credentials != null) {
				pid = credentials[0];
				uid = Integer.toUnsignedLong(credentials[1]);
				gid = Integer.toUnsignedLong(credentials[2]);
			}
			else {
				long[] ids = NativeUsers.user(user);
				uid = (ids != null) ? ids[0] : parse(user);
				long groupId = NativeUsers.groupId(group);
				gid = (groupId >= 0) ? groupId : parse(group);
			}
			Set<Long> groupIds = new LinkedHashSet<>();
			if (gid >= 0) {
				groupIds.add(gid);
			}
			List<Long> processGroups = (credentials != null) ? NativeUsers.peerGroups(fd) : null;
			if (processGroups != null) {
				groupIds.addAll(processGroups);
			}
			else if (gid >= 0) {
				groupIds.addAll(NativeUsers.groupIds(user, gid));
			}
			List<PipePeer.Group> groups = new ArrayList<>(groupIds.size());
			for (long id : groupIds) {
				String name = (id == gid) ? group : NativeUsers.groupName(id);
				groups.add(new PipePeer.Group((name != null) ? name : Long.toString(id), Long.toString(id)));
			}
			return new PipePeer(user, group, pid, (uid >= 0) ? Long.toString(uid) : null,
					(gid >= 0) ? Long.toString(gid) : null, groups);
		}

		private static long parse(String name) {
			String number = numeric(name);
			return (number != null) ? Long.parseLong(number) : -1;
		}

	}

}
