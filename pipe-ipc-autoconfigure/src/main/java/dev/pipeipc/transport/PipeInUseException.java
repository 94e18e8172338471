package dev.pipeipc.transport;

import java.io.IOException;

/**
 * Thrown when a pipe cannot be bound because a live server already listens on its address. The
 * existing server is never disturbed.
 */
public class PipeInUseException extends IOException {

	private final String address;

	/**
	 * Create a new exception.
	 * @param address the address in use
	 */
	public PipeInUseException(String address) {
		super("Pipe '" + address + "' is already in use by another running server");
		this.address = address;
	}

	/**
	 * The address in use.
	 * @return the address
	 */
	public String getAddress() {
		return this.address;
	}

}
