package dev.pipeipc.server;

/**
 * What a protocol needs to report on a server's requests: the server's
 * {@link PipeRequestObserver} and its {@link PipeServerStatistics}, with the pipe name and
 * transport every report carries. One per server, handed to each session the protocol
 * {@linkplain PipeProtocol#open(PipeSession, PipeServerInstrumentation) opens}.
 */
public final class PipeServerInstrumentation {

	private static final String WINDOWS_PIPE_PREFIX = "\\\\.\\pipe\\";

	private final String pipeName;

	private final String transport;

	private final PipeRequestObserver observer;

	private final PipeServerStatistics statistics;

	PipeServerInstrumentation(String pipeName, String address, PipeRequestObserver observer,
			PipeServerStatistics statistics) {
		this.pipeName = pipeName;
		this.transport = transportOf(address);
		this.observer = observer;
		this.statistics = statistics;
	}

	/**
	 * An instrumentation that observes nothing, for protocols opened outside a server (tests).
	 * @param pipeName the pipe name
	 * @return the instrumentation
	 */
	public static PipeServerInstrumentation none(String pipeName) {
		return new PipeServerInstrumentation(pipeName, "", PipeRequestObserver.NONE, new PipeServerStatistics());
	}

	/**
	 * The kind of channel an address is served on.
	 * @param address a socket path or a {@code \\.\pipe\} name
	 * @return {@code pipe} for a Win32 named pipe, else {@code unix}
	 */
	public static String transportOf(String address) {
		return address.startsWith(WINDOWS_PIPE_PREFIX) ? "pipe" : "unix";
	}

	/**
	 * The server's pipe name.
	 * @return the name
	 */
	public String pipeName() {
		return this.pipeName;
	}

	/**
	 * The kind of channel the server listens on.
	 * @return {@code unix} or {@code pipe}
	 */
	public String transport() {
		return this.transport;
	}

	/**
	 * The server's request observer.
	 * @return the observer, {@link PipeRequestObserver#NONE} when none is set
	 */
	public PipeRequestObserver observer() {
		return this.observer;
	}

	/**
	 * Whether requests are observed at all; when not, a protocol describes nothing.
	 * @return {@code false} for {@link PipeRequestObserver#NONE}
	 */
	public boolean isObserving() {
		return this.observer != PipeRequestObserver.NONE;
	}

	/**
	 * The server's running totals.
	 * @return the statistics
	 */
	public PipeServerStatistics statistics() {
		return this.statistics;
	}

}
