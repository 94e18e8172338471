package dev.pipeipc.autoconfigure;

import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.jsonrpc.JsonRpcProtocol;
import dev.pipeipc.server.raw.RawProtocol;
import dev.pipeipc.transport.unix.UnixSocketTransport;
import dev.pipeipc.transport.windows.NamedPipeTransport;

/**
 * Short names for what a {@link PipeServer} is made of, as health details and the {@code pipes}
 * endpoint show them: the names of the configuration properties where there are some, the class
 * name of a part an application supplied itself.
 */
public final class PipeServerDescriptions {

	private PipeServerDescriptions() {
	}

	/**
	 * The kind of channel a server listens on.
	 * @param server the server
	 * @return {@code unix} for Unix domain sockets, {@code pipe} for Win32 named pipes, else the
	 * transport's class name
	 */
	public static String transport(PipeServer server) {
		if (server.getTransport() instanceof UnixSocketTransport) {
			return "unix";
		}
		if (server.getTransport() instanceof NamedPipeTransport) {
			return "pipe";
		}
		return server.getTransport().getClass().getName();
	}

	/**
	 * The protocol a server speaks, as {@code pipe.server.protocol} names it.
	 * @param server the server
	 * @return {@code json-rpc}, {@code raw}, or the protocol's class name
	 */
	public static String protocol(PipeServer server) {
		if (server.getProtocol() instanceof JsonRpcProtocol) {
			return "json-rpc";
		}
		if (server.getProtocol() instanceof RawProtocol) {
			return "raw";
		}
		return server.getProtocol().getClass().getName();
	}

	/**
	 * A server's connection limit, as {@code pipe.server.max-connections} sets it.
	 * @param server the server
	 * @return the limit, or {@code unlimited}
	 */
	public static Object connectionLimit(PipeServer server) {
		int limit = server.getSettings().maxConnections();
		return (limit > 0) ? limit : "unlimited";
	}

}
