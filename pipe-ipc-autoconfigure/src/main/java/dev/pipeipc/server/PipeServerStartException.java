package dev.pipeipc.server;

/**
 * Thrown when a pipe server cannot start listening. The cause says why (a live server on the same
 * address, an unusable path); the message names the pipe and its address.
 */
public class PipeServerStartException extends IllegalStateException {

	private final String pipeName;

	private final String address;

	/**
	 * Create a new exception.
	 * @param pipeName the pipe name
	 * @param address the address that could not be bound
	 * @param cause why
	 */
	public PipeServerStartException(String pipeName, String address, Throwable cause) {
		super("Pipe server '" + pipeName + "' could not listen on '" + address + "': " + cause.getMessage(), cause);
		this.pipeName = pipeName;
		this.address = address;
	}

	public String getPipeName() {
		return this.pipeName;
	}

	public String getAddress() {
		return this.address;
	}

}
