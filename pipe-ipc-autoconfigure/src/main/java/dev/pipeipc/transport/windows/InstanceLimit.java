package dev.pipeipc.transport.windows;

import dev.pipeipc.transport.PipeConnectionLimitException;

/**
 * How many instances of one pipe name may exist, that is how many clients are served at once:
 * Windows enforces it in {@code CreateNamedPipe} (a client beyond it gets {@code ERROR_PIPE_BUSY})
 * and the listener stops creating instances at it. {@code nMaxInstances} takes 1 to
 * {@value #MAX_LIMIT}, or {@value #PIPE_UNLIMITED_INSTANCES} for no limit, so a larger limit, or
 * zero, cannot be honoured and is refused rather than changed.
 */
final class InstanceLimit {

	/** {@code PIPE_UNLIMITED_INSTANCES}: the {@code nMaxInstances} that asks for no limit. */
	static final int PIPE_UNLIMITED_INSTANCES = 255;

	/** The largest limit {@code CreateNamedPipe} can enforce. */
	static final int MAX_LIMIT = PIPE_UNLIMITED_INSTANCES - 1;

	private static final InstanceLimit UNLIMITED = new InstanceLimit(-1);

	private final int limit;

	private InstanceLimit(int limit) {
		this.limit = limit;
	}

	/**
	 * The instance limit for a connection limit.
	 * @param address the pipe's name, for the message
	 * @param maxConnections the most connections served at once, or a negative value for no limit
	 * @return the limit
	 * @throws PipeConnectionLimitException if Windows cannot enforce {@code maxConnections}: zero,
	 * or more than {@value #MAX_LIMIT}
	 */
	static InstanceLimit of(String address, int maxConnections) throws PipeConnectionLimitException {
		if (maxConnections < 0) {
			return UNLIMITED;
		}
		if (maxConnections < 1 || maxConnections > MAX_LIMIT) {
			throw new PipeConnectionLimitException(address, maxConnections, 1, MAX_LIMIT, "Win32 named pipes");
		}
		return new InstanceLimit(maxConnections);
	}

	/**
	 * The {@code nMaxInstances} argument of {@code CreateNamedPipe}.
	 * @return the limit, or {@link #PIPE_UNLIMITED_INSTANCES}
	 */
	int win32MaxInstances() {
		return isUnlimited() ? PIPE_UNLIMITED_INSTANCES : this.limit;
	}

	/**
	 * Whether the listener may create one more instance.
	 * @param instances the instances that exist now
	 * @return whether another is within the limit
	 */
	boolean allowsAnother(int instances) {
		return isUnlimited() || instances < this.limit;
	}

	boolean isUnlimited() {
		return this.limit < 0;
	}

	@Override
	public String toString() {
		return isUnlimited() ? "unlimited" : Integer.toString(this.limit);
	}

}
