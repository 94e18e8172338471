package dev.pipeipc.transport;

import java.io.IOException;

/**
 * Thrown when the directory that should hold a pipe's socket file does not exist and cannot be
 * created (no permission, a file in the way, a read-only file system).
 */
public class PipeDirectoryException extends PipeAddressException {

	private final String directory;

	/**
	 * Create a new exception.
	 * @param address the socket path
	 * @param directory the directory that cannot be created
	 * @param cause why it cannot be created
	 */
	public PipeDirectoryException(String address, String directory, IOException cause) {
		super(address, "Directory '" + directory + "' for socket '" + address + "' cannot be created (" + cause + ").",
				"Create the directory, or place the socket in a directory this user can write to.", cause);
		this.directory = directory;
	}

	/**
	 * The directory that cannot be created.
	 * @return its path
	 */
	public String getDirectory() {
		return this.directory;
	}

}
