package dev.pipeipc.transport.unix;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import dev.pipeipc.transport.PipePeerAuthorizer;

/**
 * Who may reach a Unix domain socket server and where it may live.
 *
 * @param socketPermissions the socket file's permissions; connecting needs write permission, so
 * {@link #OWNER_ONLY} lets only this user (and root) connect
 * @param allowSharedDirectory whether to serve from a directory another user could replace the
 * socket in (with a warning) instead of refusing to start
 * @param authorizer decides at accept, before any byte is read, whom to serve
 */
public record UnixSocketSettings(Set<PosixFilePermission> socketPermissions, boolean allowSharedDirectory,
		PipePeerAuthorizer authorizer) {

	/** {@code rw-------}: only the server's user connects. */
	public static final Set<PosixFilePermission> OWNER_ONLY = Set.copyOf(PosixFilePermissions.fromString("rw-------"));

	/**
	 * Create settings, checking that the socket permissions hold only read and write bits.
	 */
	public UnixSocketSettings {
		socketPermissions = Set.copyOf(socketPermissions);
		for (PosixFilePermission permission : socketPermissions) {
			if (permission.name().endsWith("EXECUTE")) {
				throw new IllegalArgumentException("Socket permissions '" + PosixFilePermissions.toString(
						socketPermissions) + "' must not contain execute bits: a socket is connected to, not run.");
			}
		}
		if (!socketPermissions.contains(PosixFilePermission.OWNER_WRITE)) {
			throw new IllegalArgumentException("Socket permissions '" + PosixFilePermissions.toString(socketPermissions)
					+ "' must let the owner write (connect), as in 'rw-------'.");
		}
	}

	/**
	 * Defaults: an owner-only socket in a trusted directory, every peer that can connect served.
	 * @return the settings
	 */
	public static UnixSocketSettings defaults() {
		return new UnixSocketSettings(OWNER_ONLY, false, PipePeerAuthorizer.ALLOW_ALL);
	}

}
