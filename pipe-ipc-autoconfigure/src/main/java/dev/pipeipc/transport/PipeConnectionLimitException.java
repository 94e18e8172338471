package dev.pipeipc.transport;

import java.io.IOException;

/**
 * Thrown when a transport cannot honour the requested connection limit as given, such as a Win32
 * named pipe asked for more instances than Windows can limit a name to. The limit is never
 * quietly changed instead: the caller learns the value, the range the platform accepts, and that
 * {@code -1} asks for no limit at all.
 */
public class PipeConnectionLimitException extends IOException {

	private final String address;

	private final int requested;

	private final int minimum;

	private final int maximum;

	/**
	 * Create a new exception.
	 * @param address the address of the pipe
	 * @param requested the connection limit asked for
	 * @param minimum the smallest limit the platform honours
	 * @param maximum the largest limit the platform honours
	 * @param platform what sets the range, such as {@code "Win32 named pipes"}
	 */
	public PipeConnectionLimitException(String address, int requested, int minimum, int maximum, String platform) {
		super("Pipe '" + address + "' cannot limit its connections to " + requested + ": " + platform
				+ " honour a limit of " + minimum + " to " + maximum + " connections, or no limit. Use a limit from "
				+ minimum + " to " + maximum + ", or -1 for no limit.");
		this.address = address;
		this.requested = requested;
		this.minimum = minimum;
		this.maximum = maximum;
	}

	/**
	 * The address of the pipe.
	 * @return the address
	 */
	public String getAddress() {
		return this.address;
	}

	/**
	 * The connection limit asked for.
	 * @return the limit
	 */
	public int getRequested() {
		return this.requested;
	}

	/**
	 * The smallest limit the platform honours.
	 * @return the minimum
	 */
	public int getMinimum() {
		return this.minimum;
	}

	/**
	 * The largest limit the platform honours.
	 * @return the maximum
	 */
	public int getMaximum() {
		return this.maximum;
	}

}
