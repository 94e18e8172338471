package dev.pipeipc.transport;

/**
 * Thrown when a pipe address is longer than the platform accepts, such as a Unix domain socket
 * path over the {@code sun_path} limit. Carries the length and the limit, so a caller can say by
 * how much to shorten the parts it configured.
 */
public class PipeAddressTooLongException extends PipeAddressException {

	private final int length;

	private final int limit;

	/**
	 * Create a new exception.
	 * @param address the address that is too long
	 * @param length its length, in bytes
	 * @param limit the longest address accepted, in bytes
	 * @param limitName what the limit applies to, such as {@code "Unix domain socket paths"}
	 * @param action how to shorten the address on this platform, as a sentence
	 */
	public PipeAddressTooLongException(String address, int length, int limit, String limitName, String action) {
		super(address, "Address '" + address + "' is " + length + " bytes long, over the " + limit + "-byte limit of "
				+ limitName + ".", action);
		this.length = length;
		this.limit = limit;
	}

	/**
	 * The length of the address.
	 * @return the length in bytes
	 */
	public int getLength() {
		return this.length;
	}

	/**
	 * The longest address the platform accepts.
	 * @return the limit in bytes
	 */
	public int getLimit() {
		return this.limit;
	}

	/**
	 * By how much the address must be shortened.
	 * @return the excess in bytes
	 */
	public int getExcess() {
		return this.length - this.limit;
	}

}
