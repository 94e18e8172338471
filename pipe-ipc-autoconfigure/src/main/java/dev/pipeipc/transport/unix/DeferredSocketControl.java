package dev.pipeipc.transport.unix;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The platform's {@link NativeSocketControl}, looked for on a background thread when the first
 * connection arrives rather than when a server opens.
 * <p>
 * On Linux, looking for it loads JNA and JNA's native library: the largest single cost of a pipe
 * server's start, and one that a server with no connection yet has no use for, since every
 * method of the control acts on a connection. Deferring it keeps it out of the application's
 * startup; by the time the first connection ends or the server stops, the search is normally
 * long over. A call that comes before it ends waits for it, so no connection is ever handled
 * with less than the platform offers.
 */
final class DeferredSocketControl implements NativeSocketControl {

	/** The one deferred control of the process, as {@link NativeSocketControl#get()} is one. */
	static final DeferredSocketControl INSTANCE = new DeferredSocketControl(NativeSocketControl::get);

	private final Supplier<NativeSocketControl> detection;

	private final AtomicBoolean started = new AtomicBoolean();

	private final CompletableFuture<NativeSocketControl> control = new CompletableFuture<>();

	/**
	 * A control that finds the real one with the given search.
	 * @param detection what finds the platform's control; runs once, on the background thread
	 */
	DeferredSocketControl(Supplier<NativeSocketControl> detection) {
		this.detection = detection;
	}

	/**
	 * Start looking for the platform's control, once, on a daemon thread of its own.
	 */
	void prepare() {
		if (this.started.get() || !this.started.compareAndSet(false, true)) {
			return;
		}
		Thread thread = new Thread(this::detect, "pipe-native-socket-control");
		thread.setDaemon(true);
		thread.start();
	}

	private void detect() {
		try {
			this.control.complete(this.detection.get());
		}
		catch (Throwable ex) {
			// The detection itself reports why it found nothing; whatever escapes it leaves the JDK's way.
			this.control.complete(NONE);
		}
	}

	private NativeSocketControl control() {
		prepare();
		return this.control.join();
	}

	@Override
	public boolean shutdownInput(UnixSocketConnection connection) {
		return control().shutdownInput(connection);
	}

	@Override
	public boolean isPeerGone(UnixSocketConnection connection) {
		return control().isPeerGone(connection);
	}

	@Override
	public void resolve(Collection<UnixSocketConnection> connections) {
		if (!connections.isEmpty()) {
			control().resolve(connections);
		}
	}

	@Override
	public boolean isAvailable() {
		return control().isAvailable();
	}

}
