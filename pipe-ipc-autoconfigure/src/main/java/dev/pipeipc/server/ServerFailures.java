package dev.pipeipc.server;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipeConnection;

/**
 * What a server's transport caught while serving, sorted into failures of one connection (logged;
 * the transport has closed that connection) and unrecoverable errors, the first of which marks the
 * server failed for good.
 */
final class ServerFailures {

	private static final Log logger = LogFactory.getLog(PipeServer.class);

	private final String pipeName;

	private final AtomicReference<@Nullable Throwable> first = new AtomicReference<>();

	private final @Nullable Consumer<Throwable> onFailure;

	ServerFailures(String pipeName) {
		this(pipeName, null);
	}

	/**
	 * Failures of one server.
	 * @param pipeName the pipe's name, for the log
	 * @param onFailure run once, on a thread of its own, with the first unrecoverable error, or
	 * {@code null} to do nothing beyond logging and marking the server failed
	 */
	ServerFailures(String pipeName, @Nullable Consumer<Throwable> onFailure) {
		this.pipeName = pipeName;
		this.onFailure = onFailure;
	}

	/**
	 * Whether an error caught while serving leaves the JVM in a state the server cannot vouch for:
	 * every {@link VirtualMachineError} ({@link OutOfMemoryError}, {@link InternalError},
	 * {@link UnknownError}) except {@link StackOverflowError}, whose stack is unwound by the time
	 * the transport catches it, so only the failing connection is affected (it is closed). Other
	 * {@code Error}s and exceptions are failures of one connection.
	 * @param failure what the transport caught
	 * @return {@code true} if it marks the server failed
	 */
	static boolean isUnrecoverable(Throwable failure) {
		return failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError);
	}

	/**
	 * Log what the transport caught, and remember it if it is the first unrecoverable error.
	 * @param connection the connection it belonged to, already closed, or {@code null} for an I/O
	 * thread's own failure
	 * @param failure what was caught
	 */
	void record(@Nullable PipeConnection connection, Throwable failure) {
		String where = (connection != null) ? "connection " + connection.id() : "an I/O thread";
		if (!isUnrecoverable(failure)) {
			logger.error("Pipe server '" + this.pipeName + "': " + where + " failed with " + failure
					+ ((connection != null) ? ", so it was closed" : "") + "; the server goes on serving");
			return;
		}
		markFailed(where, failure);
	}

	/**
	 * A handler threw, and the protocol answered the request with an error and logged it: an
	 * unrecoverable error (an {@link OutOfMemoryError} in user code) still marks the server failed.
	 * @param failure what the handler threw
	 */
	void handlerFailed(Throwable failure) {
		if (isUnrecoverable(failure)) {
			markFailed("a handler", failure);
		}
	}

	private void markFailed(String where, Throwable failure) {
		boolean first = this.first.compareAndSet(null, failure);
		logger.error("Pipe server '" + this.pipeName + "' is failed: " + where + " threw " + failure
				+ ", which leaves the JVM in doubt; it goes on serving what it can, but the process should be "
				+ "restarted", failure);
		Consumer<Throwable> action = this.onFailure;
		if (first && action != null) {
			Thread thread = new Thread(() -> action.accept(failure), "pipe-" + this.pipeName + "-failed");
			// Not a daemon, as the I/O thread that found the error is: the JVM must not end before
			// the action has run (it may exit with a status of its own).
			thread.setDaemon(false);
			thread.start();
		}
	}

	/**
	 * The first unrecoverable error.
	 * @return the error, or {@code null} while there was none
	 */
	@Nullable Throwable first() {
		return this.first.get();
	}

}
