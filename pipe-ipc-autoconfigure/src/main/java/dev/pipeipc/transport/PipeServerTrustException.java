package dev.pipeipc.transport;

import java.io.IOException;

/**
 * Thrown by a client channel that will not talk to what it found at the pipe's address: a socket
 * file owned by another user, or a server process running as another user than the client's (or
 * the one the client was told to trust). Another user may have replaced the real server's socket
 * with their own, so the client refuses before sending anything, as .NET's
 * {@code PipeOptions.CurrentUserOnly} does. Not worth retrying.
 */
public class PipeServerTrustException extends IOException {

	private final String address;

	private final String foundUser;

	/**
	 * Create a new exception.
	 * @param address the socket path or pipe name
	 * @param foundUser the user that owns the socket or runs the server
	 * @param message what was found and what to do, as full sentences
	 */
	public PipeServerTrustException(String address, String foundUser, String message) {
		super(message);
		this.address = address;
		this.foundUser = foundUser;
	}

	/**
	 * The address the client connected to.
	 * @return the socket path or pipe name
	 */
	public String getAddress() {
		return this.address;
	}

	/**
	 * The user found: the socket's owner or the server process's user.
	 * @return the user name (or id)
	 */
	public String getFoundUser() {
		return this.foundUser;
	}

}
