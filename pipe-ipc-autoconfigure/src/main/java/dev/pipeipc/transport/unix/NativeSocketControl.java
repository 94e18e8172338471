package dev.pipeipc.transport.unix;

import java.util.Collection;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Two things the JDK cannot do with a Unix domain socket, which a graceful stop and a vanished
 * client need:
 * <ul>
 * <li>shut the read side down and still read what the socket holds: after
 * {@link java.nio.channels.SocketChannel#shutdownInput()} the JDK reads nothing more, although the
 * kernel keeps the bytes queued before the shutdown readable, so a request written between the
 * server's last read and the shutdown would be lost;</li>
 * <li>tell a peer that closed (or was killed) from a peer that only shut its sending side: both
 * read as end of stream, but only the first one is gone and will read no answer.</li>
 * </ul>
 * On Linux with JNA on the class path, {@link LinuxSocketControl} does both on the socket's
 * descriptor; elsewhere {@link #NONE} does neither, and the transport falls back to what the JDK
 * offers (docs/security.md, "Shutdown and disconnects").
 * <p>
 * Every method that uses a descriptor must run on the selector loop that the connection is
 * registered with: the JDK releases a registered channel's descriptor only when that loop
 * deregisters it, so a descriptor found open there cannot be another file's.
 */
interface NativeSocketControl {

	/** The JDK-only fallback: nothing is done natively. */
	NativeSocketControl NONE = new NativeSocketControl() {

		@Override
		public boolean shutdownInput(UnixSocketConnection connection) {
			return false;
		}

		@Override
		public boolean isPeerGone(UnixSocketConnection connection) {
			return false;
		}

		@Override
		public void resolve(Collection<UnixSocketConnection> connections) {
		}

		@Override
		public boolean isAvailable() {
			return false;
		}

	};

	/**
	 * Shut the connection's read side down at the socket, so the peer's later writes fail with
	 * {@code EPIPE}, while what the socket already holds stays readable through the channel, up to
	 * an end of stream.
	 * @param connection a connection of the calling loop
	 * @return {@code true} if done; {@code false} if the caller must fall back to the JDK's
	 * {@code shutdownInput}
	 */
	boolean shutdownInput(UnixSocketConnection connection);

	/**
	 * Whether the peer closed its socket (or its process ended), rather than only shutting its
	 * sending side down.
	 * @param connection a connection of the calling loop
	 * @return {@code true} only if the socket says so; {@code false} when it cannot tell
	 */
	boolean isPeerGone(UnixSocketConnection connection);

	/**
	 * Find the descriptors of several connections at once, ahead of the calls above (each of
	 * which finds a missing one alone, at the cost of looking through the process's descriptors).
	 * May run on any thread.
	 * @param connections open connections
	 */
	void resolve(Collection<UnixSocketConnection> connections);

	/**
	 * Whether this control does anything.
	 * @return {@code false} for {@link #NONE}
	 */
	boolean isAvailable();

	/**
	 * The control for this platform, found once, on the calling thread when first asked (the
	 * I/O threads use {@link DeferredSocketControl}, which asks from a thread of its own when
	 * the first connection arrives).
	 * @return {@link LinuxSocketControl} on Linux with JNA, else {@link #NONE}
	 */
	static NativeSocketControl get() {
		return Detected.CONTROL;
	}

	/**
	 * Holder of the detected control, so JNA is looked for only when first needed.
	 */
	final class Detected {

		private static final Log logger = LogFactory.getLog(NativeSocketControl.class);

		static final NativeSocketControl CONTROL = detect();

		private Detected() {
		}

		private static NativeSocketControl detect() {
			if (!System.getProperty("os.name", "").startsWith("Linux")) {
				return NONE;
			}
			try {
				Class.forName("com.sun.jna.Native", false, NativeSocketControl.class.getClassLoader());
			}
			catch (ClassNotFoundException | LinkageError ex) {
				logger.debug("JNA is not on the class path: a stopping server cannot read requests written "
						+ "just before it shut its sockets' input, and a closed client is told from a half-closed "
						+ "one only when a reply to it fails");
				return NONE;
			}
			try {
				LinuxSocketControl control = new LinuxSocketControl();
				control.resolve(List.of());
				return control;
			}
			catch (RuntimeException | LinkageError ex) {
				logger.debug("Native socket control is not available; using the JDK's alone", ex);
				return NONE;
			}
		}

	}

}
