package dev.pipeipc.transport;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when something this server must not replace is at the pipe's address: a file that is not
 * a socket, or a socket that cannot be probed to tell whether a server still listens on it. It is
 * left untouched. (A live server on the address is a {@link PipeInUseException}.)
 */
public class PipeAddressConflictException extends PipeAddressException {

	private final Conflict conflict;

	/**
	 * Create a new exception.
	 * @param address the address
	 * @param conflict what is in the way
	 * @param detail the failure that revealed it, such as the probe's error, or {@code null}
	 */
	public PipeAddressConflictException(String address, Conflict conflict, @Nullable Exception detail) {
		super(address, problem(address, conflict, detail), action(conflict), detail);
		this.conflict = conflict;
	}

	private static String problem(String address, Conflict conflict, @Nullable Exception detail) {
		return switch (conflict) {
			case NOT_A_SOCKET -> "Path '" + address + "' exists and is not a socket; it is left untouched.";
			case CANNOT_PROBE -> "Socket '" + address + "' exists and cannot be probed ("
					+ ((detail != null) ? detail.getMessage() : "no detail") + "); it is left untouched.";
		};
	}

	private static String action(Conflict conflict) {
		return switch (conflict) {
			case NOT_A_SOCKET -> "Remove the file or use another pipe name.";
			case CANNOT_PROBE -> "Check the socket's permissions or use another pipe name.";
		};
	}

	/**
	 * What is in the way.
	 * @return the conflict
	 */
	public Conflict getConflict() {
		return this.conflict;
	}

	/**
	 * What can be in the way at a pipe's address.
	 */
	public enum Conflict {

		/** A file, directory or link that is not a socket. */
		NOT_A_SOCKET,

		/** A socket whose probe failed with an error other than "connection refused". */
		CANNOT_PROBE

	}

}
