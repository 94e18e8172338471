package dev.pipeipc.server;

import java.util.concurrent.atomic.AtomicReference;

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

	ServerFailures(String pipeName) {
		this.pipeName = pipeName;
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
		this.first.compareAndSet(null, failure);
		logger.error("Pipe server '" + this.pipeName + "' is failed: " + where + " threw " + failure
				+ ", which leaves the JVM in doubt; it goes on serving what it can, but the process should be "
				+ "restarted", failure);
	}

	/**
	 * The first unrecoverable error.
	 * @return the error, or {@code null} while there was none
	 */
	@Nullable Throwable first() {
		return this.first.get();
	}

}
