package dev.pipeipc.transport;

/**
 * Thrown when the directory that holds, or would hold, a pipe's socket file lets another user
 * replace the socket: that user could rename the server's socket away and bind their own, and the
 * server's clients would then talk to an impostor.
 * <p>
 * Another user can rename or unlink a file in a directory exactly when they can write to the
 * directory and either the directory lacks the sticky bit or they own it. So a directory is
 * trusted when it, and every directory above it, is owned by the server's user or by root and is
 * not writable by its group or by others unless it has the sticky bit (as {@code /tmp} has).
 */
public class PipeDirectoryTrustException extends PipeAddressException {

	private final String directory;

	private final String owner;

	private final String mode;

	/**
	 * Create a new exception.
	 * @param address the socket path
	 * @param directory the directory that is not trusted
	 * @param owner the directory's owner
	 * @param mode the directory's permissions, such as {@code rwxrwxrwx}
	 * @param reason why another user could replace the socket, as a sentence
	 */
	public PipeDirectoryTrustException(String address, String directory, String owner, String mode, String reason) {
		super(address, "Directory '" + directory + "' (owner '" + owner + "', mode " + mode + ") is not safe for socket '"
				+ address + "': " + reason,
				"Place the socket in a directory that only this user (or root) owns and can write to, such as"
						+ " $XDG_RUNTIME_DIR or a directory with mode 700, or allow a shared directory explicitly.");
		this.directory = directory;
		this.owner = owner;
		this.mode = mode;
	}

	/**
	 * The directory that is not trusted.
	 * @return its path
	 */
	public String getDirectory() {
		return this.directory;
	}

	/**
	 * The directory's owner.
	 * @return the user name, or the numeric id if it has no name
	 */
	public String getOwner() {
		return this.owner;
	}

	/**
	 * The directory's permissions.
	 * @return nine {@code rwx} characters, the last one {@code t} or {@code T} with the sticky bit
	 */
	public String getMode() {
		return this.mode;
	}

}
