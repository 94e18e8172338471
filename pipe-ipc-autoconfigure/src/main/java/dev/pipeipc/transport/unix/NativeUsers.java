package dev.pipeipc.transport.unix;

import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

/**
 * The C library calls that turn a peer into numbers, through JNA: a socket's peer credentials
 * ({@code getsockopt(SO_PEERCRED)}, Linux), and the user database ({@code getpwnam_r},
 * {@code getgrnam_r}, {@code getgrgid_r}, {@code getgrouplist}), whose structures start alike on
 * Linux and macOS: two pointers, then the numeric id(s). Only loaded where JNA is on the class
 * path; reentrant calls only, since accepts run on several threads.
 */
final class NativeUsers {

	private static final int SOL_SOCKET = 1;

	/** {@code SO_PEERCRED} on Linux x86-64 and AArch64. */
	private static final int SO_PEERCRED = 17;

	/** {@code SO_PEERGROUPS} on Linux x86-64 and AArch64. */
	private static final int SO_PEERGROUPS = 59;

	private static final int ERANGE = 34;

	private static final int BUFFER_SIZE = 16 * 1024;

	private static final Libc LIBC = Native.load(Platform.C_LIBRARY_NAME, Libc.class);

	private NativeUsers() {
	}

	/**
	 * The peer credentials of a connected Unix socket: {@code struct ucred { pid, uid, gid }}.
	 * @param fd the socket's descriptor
	 * @return pid, uid and gid, or {@code null} where the platform has no {@code SO_PEERCRED}
	 */
	static int @Nullable [] peerCredentials(int fd) {
		if (!Platform.isLinux() || !(Platform.isIntel() || Platform.isARM()) || !Platform.is64Bit()) {
			return null;
		}
		Memory ucred = new Memory(12);
		IntByReference length = new IntByReference(12);
		if (LIBC.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, ucred, length) != 0 || length.getValue() != 12) {
			return null;
		}
		return new int[] { ucred.getInt(0), ucred.getInt(4), ucred.getInt(8) };
	}

	/**
	 * The supplementary groups the peer of a connected Unix socket had when it connected
	 * ({@code getsockopt(SO_PEERGROUPS)}, Linux 4.13 and later).
	 * @param fd the socket's descriptor
	 * @return the group ids, or {@code null} where the kernel does not tell
	 */
	static @Nullable List<Long> peerGroups(int fd) {
		if (!Platform.isLinux() || !(Platform.isIntel() || Platform.isARM()) || !Platform.is64Bit()) {
			return null;
		}
		int capacity = 64;
		while (capacity <= 65536) {
			Memory groups = new Memory(4L * capacity);
			IntByReference length = new IntByReference(4 * capacity);
			if (LIBC.getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, length) == 0) {
				List<Long> ids = new ArrayList<>();
				for (int i = 0; i < length.getValue() / 4; i++) {
					ids.add(Integer.toUnsignedLong(groups.getInt(4L * i)));
				}
				return ids;
			}
			if (Native.getLastError() != ERANGE) {
				return null;
			}
			capacity = Math.max(capacity * 2, length.getValue() / 4);
		}
		return null;
	}

	/**
	 * A user's id and primary group id.
	 * @param name the user name
	 * @return uid and gid, or {@code null} if the user database does not know the name
	 */
	static long @Nullable [] user(String name) {
		Memory passwd = new Memory(128);
		Memory buffer = new Memory(BUFFER_SIZE);
		PointerByReference result = new PointerByReference();
		int error = LIBC.getpwnam_r(name, passwd, buffer, new NativeLong(BUFFER_SIZE), result);
		if (error != 0 || result.getValue() == null) {
			return null;
		}
		long offset = 2L * Native.POINTER_SIZE;
		return new long[] { Integer.toUnsignedLong(passwd.getInt(offset)),
				Integer.toUnsignedLong(passwd.getInt(offset + 4)) };
	}

	/**
	 * A group's id.
	 * @param name the group name
	 * @return the gid, or {@code -1} if the group database does not know the name
	 */
	static long groupId(String name) {
		Memory group = new Memory(64);
		Memory buffer = new Memory(BUFFER_SIZE);
		PointerByReference result = new PointerByReference();
		int error = LIBC.getgrnam_r(name, group, buffer, new NativeLong(BUFFER_SIZE), result);
		if (error != 0 || result.getValue() == null) {
			return -1;
		}
		return Integer.toUnsignedLong(group.getInt(2L * Native.POINTER_SIZE));
	}

	/**
	 * A group's name.
	 * @param gid the group id
	 * @return the name, or {@code null} if the group database does not know the id
	 */
	static @Nullable String groupName(long gid) {
		Memory group = new Memory(64);
		Memory buffer = new Memory(BUFFER_SIZE);
		PointerByReference result = new PointerByReference();
		int error = LIBC.getgrgid_r((int) gid, group, buffer, new NativeLong(BUFFER_SIZE), result);
		if (error != 0 || result.getValue() == null) {
			return null;
		}
		Pointer name = group.getPointer(0);
		return (name != null) ? name.getString(0) : null;
	}

	/**
	 * The groups of a user in the group database ({@code getgrouplist}), the primary one included.
	 * @param user the user name
	 * @param gid the user's primary group id
	 * @return the group ids
	 */
	static List<Long> groupIds(String user, long gid) {
		int capacity = 64;
		while (true) {
			int[] groups = new int[capacity];
			IntByReference count = new IntByReference(capacity);
			int found = LIBC.getgrouplist(user, (int) gid, groups, count);
			if (found >= 0) {
				List<Long> ids = new ArrayList<>(found);
				for (int i = 0; i < Math.min(found, count.getValue()); i++) {
					ids.add(Integer.toUnsignedLong(groups[i]));
				}
				return ids;
			}
			if (capacity >= 65536) {
				return List.of(gid);
			}
			capacity = Math.max(capacity * 2, count.getValue());
		}
	}


	interface Libc extends Library {

		int getsockopt(int fd, int level, int option, Pointer value, IntByReference length);

		int getpwnam_r(String name, Pointer passwd, Pointer buffer, NativeLong size, PointerByReference result);

		int getgrnam_r(String name, Pointer group, Pointer buffer, NativeLong size, PointerByReference result);

		int getgrgid_r(int gid, Pointer group, Pointer buffer, NativeLong size, PointerByReference result);

		int getgrouplist(String user, int group, int[] groups, IntByReference count);

	}

}
