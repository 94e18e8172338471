package dev.pipeipc.transport;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a pipe address cannot be used as given, with the problem and what to do about it
 * told apart, both in the transport's own terms (paths, names, limits), so that whoever
 * configured the address can add how it was configured. Subclasses carry the facts of the
 * common cases: {@link PipeAddressTooLongException}, {@link PipeDirectoryException},
 * {@link PipeAddressConflictException}.
 */
public class PipeAddressException extends IOException {

	private final String address;

	private final String problem;

	private final String action;

	/**
	 * Create a new exception.
	 * @param address the address that cannot be used
	 * @param problem what is wrong, as a sentence naming the address
	 * @param action what to do about it, as a sentence
	 */
	public PipeAddressException(String address, String problem, String action) {
		this(address, problem, action, null);
	}

	/**
	 * Create a new exception with a cause.
	 * @param address the address that cannot be used
	 * @param problem what is wrong, as a sentence naming the address
	 * @param action what to do about it, as a sentence
	 * @param cause the failure that revealed the problem, or {@code null}
	 */
	public PipeAddressException(String address, String problem, String action, @Nullable Throwable cause) {
		super(problem + " " + action, cause);
		this.address = address;
		this.problem = problem;
		this.action = action;
	}

	/**
	 * The address that cannot be used.
	 * @return the address
	 */
	public String getAddress() {
		return this.address;
	}

	/**
	 * What is wrong with the address.
	 * @return a sentence naming the address
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * What to do about it, in the transport's terms.
	 * @return a sentence
	 */
	public String getAction() {
		return this.action;
	}

}
