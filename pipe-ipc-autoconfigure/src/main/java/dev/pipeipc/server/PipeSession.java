package dev.pipeipc.server;

import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipePeer;

/**
 * The client connection a request came in on. Declare a parameter of this type on a
 * {@link dev.pipeipc.annotation.PipeHandler @PipeHandler} method to receive it; it is injected by
 * type and never read from the request's params.
 */
public interface PipeSession {

	/**
	 * Identifier of the connection, unique within the server's lifetime.
	 * @return the session id
	 */
	long id();

	/**
	 * The name of the pipe server that accepted the connection.
	 * @return the server's pipe name
	 */
	String serverName();

	/**
	 * The connected process, as far as the operating system tells: user and group of the peer on
	 * Linux and macOS.
	 * @return the peer, or empty where the platform gives nothing
	 */
	Optional<PipePeer> peer();

	/**
	 * Attributes that handlers keep for the lifetime of the connection, such as a login state.
	 * Thread-safe.
	 * @return the mutable attribute map
	 */
	Map<String, Object> attributes();

	/**
	 * Push a notification to this client: a JSON-RPC request without an id, which the client does
	 * not answer. Never blocks; a closed session drops it.
	 * @param method the notification's method name
	 * @param params its params, serialized with the application's mapper, or {@code null} for none
	 * @throws UnsupportedOperationException on a server of the raw protocol
	 */
	void notify(String method, @Nullable Object params);

	/**
	 * How many bytes sent to this client wait for it to read them: more than a few kilobytes means
	 * the client reads slower than the server writes.
	 * @return the bytes queued for the client; {@code 0} where the transport does not tell
	 */
	default long queuedBytes() {
		return 0;
	}

	/**
	 * Whether the client is still connected.
	 * @return {@code true} while the connection is open
	 */
	boolean isOpen();

}
