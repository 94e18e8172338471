package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipeAddresses;
import dev.pipeipc.transport.PipeDirectoryException;
import dev.pipeipc.transport.PipeDirectoryTrustException;

/**
 * Makes sure no other user can replace a server's socket file: creates the socket's directory if
 * missing and checks the directory and every directory above it.
 * <p>
 * The rule: another user can rename or unlink a file in a directory exactly when they can write
 * to the directory and either it has no sticky bit or they own it. So every directory on the way
 * (after resolving symbolic links, and the directories holding those links) must be owned by this
 * user or by root, and must not be writable by its group or others unless its sticky bit is set.
 * Unless shared directories are allowed, a directory that fails the rule fails the bind with a
 * {@link PipeDirectoryTrustException}; when they are allowed, it is logged as a warning.
 * <p>
 * The default directory of {@link PipeAddresses#privateTempDirectory()} is held to more: it is
 * created with {@code mkdir} (which never follows a link) and mode {@code 700}, then read back
 * without following links, and must be a real directory owned by this user that neither its group
 * nor others can write to. Its read and search bits are set to what the socket's permissions need.
 */
final class SocketDirectory {

	private static final Log logger = LogFactory.getLog(SocketDirectory.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private static final int GROUP_OR_OTHER_WRITE = 0022;

	private static final int STICKY = 01000;

	private SocketDirectory() {
	}

	/**
	 * Create the directory if needed and check it can be trusted.
	 * @param directory the directory of the socket
	 * @param socket the socket path, for messages
	 * @param allowShared whether an untrusted directory is only warned about
	 * @param socketPermissions the socket file's permissions: group or other access to the socket
	 * gives the same class search permission on the private default directory, so they can reach
	 * the socket
	 * @throws PipeDirectoryException if the directory cannot be created
	 * @throws PipeDirectoryTrustException if another user could replace the socket
	 */
	static void prepare(Path directory, String socket, boolean allowShared,
			Set<PosixFilePermission> socketPermissions) throws IOException {
		if (directory.equals(PipeAddresses.privateTempDirectory())) {
			preparePrivate(directory, socket, socketPermissions);
		}
		else if (!Files.isDirectory(directory)) {
			create(directory, socket);
		}
		check(directory, socket, allowShared);
	}

	private static void create(Path directory, String socket) throws PipeDirectoryException {
		try {
			Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		}
		catch (IOException ex) {
			throw new PipeDirectoryException(socket, directory.toString(), ex);
		}
	}

	private static void preparePrivate(Path directory, String socket, Set<PosixFilePermission> socketPermissions)
			throws IOException {
		try {
			Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		}
		catch (FileAlreadyExistsException ex) {
			// Checked below like a fresh one.
		}
		catch (IOException ex) {
			throw new PipeDirectoryException(socket, directory.toString(), ex);
		}
		Map<String, Object> attributes = Files.readAttributes(directory, "unix:uid,mode,isDirectory,isSymbolicLink",
				LinkOption.NOFOLLOW_LINKS);
		Facts facts = Facts.of(directory, attributes);
		if (!Boolean.TRUE.equals(attributes.get("isDirectory"))) {
			throw facts.untrusted(socket, "it is a symbolic link or not a directory, and the default socket"
					+ " directory must be a real directory of this user's own.");
		}
		if (!facts.ownedByCurrentUser()) {
			throw facts.untrusted(socket, "it belongs to another user, who may have created it to take over this"
					+ " user's sockets; remove it.");
		}
		if ((facts.mode() & GROUP_OR_OTHER_WRITE) != 0) {
			throw facts.untrusted(socket, "its group or others can write to it, so files in it may have been"
					+ " planted; remove it, and it will be created again with mode 700.");
		}
		Set<PosixFilePermission> wanted = privateDirectoryPermissions(socketPermissions);
		if (!wanted.equals(Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS))) {
			Files.setPosixFilePermissions(directory, wanted);
		}
	}

	/**
	 * The private directory's mode: {@code 700}, plus search permission for the group or others
	 * when the socket file lets them connect.
	 */
	static Set<PosixFilePermission> privateDirectoryPermissions(Set<PosixFilePermission> socketPermissions) {
		Set<PosixFilePermission> permissions = new LinkedHashSet<>(OWNER_ONLY);
		if (socketPermissions.contains(PosixFilePermission.GROUP_WRITE)) {
			permissions.add(PosixFilePermission.GROUP_EXECUTE);
		}
		if (socketPermissions.contains(PosixFilePermission.OTHERS_WRITE)) {
			permissions.add(PosixFilePermission.OTHERS_EXECUTE);
		}
		return permissions;
	}

	private static void check(Path directory, String socket, boolean allowShared) throws IOException {
		for (Path candidate : directoriesToTrust(directory)) {
			Facts facts = Facts.of(candidate,
					Files.readAttributes(candidate, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS));
			String reason = facts.whyUntrusted();
			if (reason == null) {
				continue;
			}
			PipeDirectoryTrustException untrusted = facts.untrusted(socket, reason);
			if (!allowShared) {
				throw untrusted;
			}
			logger.warn(untrusted.getProblem() + " Serving anyway, because shared directories are allowed.");
		}
	}

	/**
	 * Every directory whose entries lead to the socket: the real path of the directory and of
	 * each of its prefixes, and all their parents, so a symbolic link is judged by the directory
	 * that holds it and by where it leads.
	 */
	static Set<Path> directoriesToTrust(Path directory) throws IOException {
		Set<Path> directories = new LinkedHashSet<>();
		for (Path prefix = directory.toAbsolutePath(); prefix != null; prefix = prefix.getParent()) {
			for (Path real = prefix.toRealPath(); real != null; real = real.getParent()) {
				if (!directories.add(real)) {
					break;
				}
			}
		}
		return directories;
	}

	private record Facts(Path directory, long uid, int mode) {

		static Facts of(Path directory, Map<String, Object> attributes) {
			return new Facts(directory, ((Number) Objects.requireNonNull(attributes.get("uid"), "unix:uid")).longValue(),
					((Number) Objects.requireNonNull(attributes.get("mode"), "unix:mode")).intValue());
		}

		boolean ownedByCurrentUser() {
			return CurrentUser.is(this.uid, ownerName());
		}

		@Nullable String whyUntrusted() {
			if (this.uid != CurrentUser.ROOT && !ownedByCurrentUser()) {
				return "it belongs to another user, who can rename the socket away and bind their own.";
			}
			if ((this.mode & GROUP_OR_OTHER_WRITE) != 0 && (this.mode & STICKY) == 0) {
				return "its group or others can write to it and it has no sticky bit, so they can rename the"
						+ " socket away and bind their own.";
			}
			return null;
		}

		PipeDirectoryTrustException untrusted(String socket, String reason) {
			return new PipeDirectoryTrustException(socket, this.directory.toString(), ownerName(), modeString(),
					reason);
		}

		private String ownerName() {
			try {
				return Files.getOwner(this.directory, LinkOption.NOFOLLOW_LINKS).getName();
			}
			catch (IOException ex) {
				return Long.toString(this.uid);
			}
		}

		String modeString() {
			char[] chars = new char[9];
			String letters = "rwxrwxrwx";
			for (int i = 0; i < 9; i++) {
				chars[i] = ((this.mode & (0400 >> i)) != 0) ? letters.charAt(i) : '-';
			}
			if ((this.mode & STICKY) != 0) {
				chars[8] = (chars[8] == 'x') ? 't' : 'T';
			}
			return new String(chars);
		}

	}

}
