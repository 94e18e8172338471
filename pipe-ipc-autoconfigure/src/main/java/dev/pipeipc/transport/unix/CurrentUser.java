package dev.pipeipc.transport.unix;

import org.jspecify.annotations.Nullable;

/**
 * The user this process runs as, by number where the JDK tells it
 * ({@code com.sun.security.auth.module.UnixSystem}, module {@code jdk.security.auth}) and
 * otherwise by the name in {@code user.name}.
 */
final class CurrentUser {

	static final long ROOT = 0;

	private static final @Nullable Ids IDS = readIds();

	private CurrentUser() {
	}

	/**
	 * The numeric user id.
	 * @return the uid, or {@code -1} if the runtime lacks {@code jdk.security.auth}
	 */
	static long uid() {
		Ids ids = IDS;
		return (ids != null) ? ids.uid() : -1;
	}

	/**
	 * The user name.
	 * @return the name
	 */
	static String name() {
		Ids ids = IDS;
		return (ids != null) ? ids.name() : System.getProperty("user.name", "");
	}

	/**
	 * Whether a file's owner is this user.
	 * @param uid the owner's numeric id
	 * @param name the owner's name
	 * @return {@code true} if the owner is this process's user
	 */
	static boolean is(long uid, String name) {
		long own = uid();
		return (own >= 0) ? own == uid : name().equals(name);
	}

	private static @Nullable Ids readIds() {
		try {
			com.sun.security.auth.module.UnixSystem system = new com.sun.security.auth.module.UnixSystem();
			return new Ids(system.getUid(), system.getUsername());
		}
		catch (LinkageError | RuntimeException ex) {
			return null;
		}
	}

	private record Ids(long uid, String name) {
	}

}
