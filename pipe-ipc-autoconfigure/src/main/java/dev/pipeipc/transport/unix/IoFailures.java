package dev.pipeipc.transport.unix;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipeConnectionListener;

/**
 * What the I/O threads of one listener do with a {@link Throwable} that handling a connection
 * threw, {@link Error}s included (a {@link StackOverflowError} from a handler run inline, an
 * {@link OutOfMemoryError} while a body grows): log it, close that connection, tell the
 * {@link PipeConnectionListener#failed listener}, and return, so the thread goes on serving the
 * other connections. Before, such an error ended the only I/O thread and left a server that
 * accepted connections and never served them.
 * <p>
 * Nothing here may throw: the failure may be an {@code OutOfMemoryError} that strikes again
 * while it is being reported.
 */
final class IoFailures {

	private static final Log logger = LogFactory.getLog(IoFailures.class);

	private final String serverName;

	private final PipeConnectionListener listener;

	IoFailures(String serverName, PipeConnectionListener listener) {
		this.serverName = serverName;
		this.listener = listener;
	}

	/**
	 * Handling a connection threw: close it and report.
	 * @param connection the connection whose handling failed
	 * @param failure what was thrown
	 */
	void connectionFailed(UnixSocketConnection connection, Throwable failure) {
		try {
			logger.error("Pipe '" + this.serverName + "' closes connection " + connection.id()
					+ " because handling it threw " + failure + "; the other connections are still served", failure);
		}
		catch (Throwable ex) {
			// Logging failed too (out of memory, most likely); closing matters more.
		}
		try {
			connection.close();
		}
		catch (Throwable ex) {
			// The connection's close callback failed; it is closed all the same.
		}
		report(connection, failure);
	}

	/**
	 * An I/O thread's own work threw, outside any one connection: report it; the thread goes on.
	 * @param thread the thread's name
	 * @param failure what was thrown
	 */
	void threadFailed(String thread, Throwable failure) {
		try {
			logger.error("Pipe '" + this.serverName + "' I/O thread '" + thread + "' caught " + failure
					+ "; it goes on serving", failure);
		}
		catch (Throwable ex) {
			// Logging failed too; the report below is what the server acts on.
		}
		report(null, failure);
	}

	private void report(@Nullable UnixSocketConnection connection, Throwable failure) {
		try {
			this.listener.failed(connection, failure);
		}
		catch (Throwable ex) {
			try {
				logger.error("Pipe '" + this.serverName + "' listener failed while being told of " + failure, ex);
			}
			catch (Throwable again) {
				// Nothing more can be done on this thread.
			}
		}
	}

}
