package dev.pipeipc.server;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipePeer;

/**
 * What a {@link PipeRequestObserver} is told of a request before it runs. Built by the protocol
 * only when an observer is set.
 */
public final class PipeServerRequest {

	private final PipeServerInstrumentation server;

	private final PipeSession session;

	private final String protocol;

	private final @Nullable String method;

	private final boolean registered;

	private final @Nullable String id;

	private final Function<String, @Nullable String> headers;

	/**
	 * Describe a request.
	 * @param server the server it came to
	 * @param session the connection it came on
	 * @param protocol the protocol's name, such as {@code jsonrpc} or {@code raw}
	 * @param method the method it calls, or {@code null} when the protocol has none
	 * @param registered whether a handler is registered for the method on this server
	 * @param id the request's id as text, or {@code null} for a notification or a protocol
	 * without ids
	 * @param headers reads a value the request carries besides its params, such as
	 * {@code traceparent}; {@code null} when absent
	 */
	public PipeServerRequest(PipeServerInstrumentation server, PipeSession session, String protocol,
			@Nullable String method, boolean registered, @Nullable String id,
			Function<String, @Nullable String> headers) {
		this.server = server;
		this.session = session;
		this.protocol = protocol;
		this.method = method;
		this.registered = registered;
		this.id = id;
		this.headers = headers;
	}

	/**
	 * The name of the pipe the request came to.
	 * @return the pipe name
	 */
	public String pipeName() {
		return this.server.pipeName();
	}

	/**
	 * The kind of channel the request came on.
	 * @return {@code unix} for a Unix domain socket, {@code pipe} for a Win32 named pipe
	 */
	public String transport() {
		return this.server.transport();
	}

	/**
	 * The connection the request came on.
	 * @return the session
	 */
	public PipeSession session() {
		return this.session;
	}

	/**
	 * The process that sent the request, as far as the operating system tells.
	 * @return the peer, or {@code null} where the platform gives nothing
	 */
	public @Nullable PipePeer peer() {
		return this.session.peer().orElse(null);
	}

	/**
	 * The protocol's name.
	 * @return {@code jsonrpc} or {@code raw}
	 */
	public String protocol() {
		return this.protocol;
	}

	/**
	 * The method the request calls, as the client wrote it.
	 * @return the method name, or {@code null} when the protocol has none
	 */
	public @Nullable String method() {
		return this.method;
	}

	/**
	 * Whether a handler is registered for the {@link #method()}; an unregistered name comes from
	 * the client alone and must not become a metric tag.
	 * @return {@code true} if the method is served
	 */
	public boolean isRegistered() {
		return this.registered;
	}

	/**
	 * The request's id.
	 * @return the id as text, or {@code null} for a notification or a protocol without ids
	 */
	public @Nullable String id() {
		return this.id;
	}

	/**
	 * A value the request carries besides its params, such as the {@code traceparent} of W3C
	 * trace context.
	 * @param name the name
	 * @return the value, or {@code null} if the request has none
	 */
	public @Nullable String header(String name) {
		return this.headers.apply(name);
	}

	@Override
	public String toString() {
		return "Request " + this.id + " for method '" + this.method + "' on pipe '" + pipeName() + "'";
	}

}
