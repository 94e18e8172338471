package dev.pipeipc.transport;

import java.io.IOException;

/**
 * Thrown when a pipe address cannot be used as given (too long, not a socket, in a directory that
 * cannot be created), with a message that says how to fix it.
 */
public class PipeAddressException extends IOException {

	private final String address;

	private final String action;

	/**
	 * Create a new exception.
	 * @param address the address that cannot be used
	 * @param problem what is wrong, as a sentence naming the address
	 * @param action what to do about it, as a sentence
	 */
	public PipeAddressException(String address, String problem, String action) {
		super(problem + " " + action);
		this.address = address;
		this.action = action;
		this.problem = problem;
	}

	private final String problem;

	/**
	 * What is wrong with the address.
	 * @return a sentence naming the address
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * What to do about it.
	 * @return a sentence
	 */
	public String getAction() {
		return this.action;
	}

	/**
	 * The address that cannot be used.
	 * @return the address
	 */
	public String getAddress() {
		return this.address;
	}

}
