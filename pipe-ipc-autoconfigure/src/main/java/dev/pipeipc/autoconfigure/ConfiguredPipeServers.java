package dev.pipeipc.autoconfigure;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.server.PipeServer;

/**
 * The pipe servers the auto-configuration created, each with the id it was configured under and
 * whether the application configured it explicitly. An application that only calls pipes must not
 * bind one, so a server is {@linkplain #isNeeded(PipeServer) needed} only when a handler method is
 * bound to it or it was configured explicitly ({@code pipe.server.name}, or a
 * {@code pipe.servers.<id>} entry); a server the application defined as a bean of its own is
 * always needed. The handlers are known once every singleton has been created, which is before the
 * context starts its servers; a bean the application marks {@code @Lazy} registers its handlers
 * when it is created, so they do not count (global lazy initialization leaves handler beans out,
 * see {@code PipeHandlerLazyInitializationExcludeFilter}).
 */
public final class ConfiguredPipeServers {

	private static final Log logger = LogFactory.getLog(ConfiguredPipeServers.class);

	private final PipeHandlerRegistry registry;

	private final Map<PipeServer, Configured> configured = Collections.synchronizedMap(new IdentityHashMap<>());

	ConfiguredPipeServers(PipeHandlerRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Remember a server created from configuration properties.
	 * @param server the server
	 * @param id its id ({@link PipeHandlerRegistry#DEFAULT_SERVER} for {@code pipe.server})
	 * @param explicit whether the application named it or configured it under {@code pipe.servers}
	 * @return the server
	 */
	PipeServer add(PipeServer server, String id, boolean explicit) {
		this.configured.put(server, new Configured(id, explicit));
		return server;
	}

	/**
	 * The id a server was configured under.
	 * @param server a server bean
	 * @return its id ({@code ""} for {@code pipe.server}), or {@code null} for a server the
	 * application defined itself
	 */
	public @Nullable String getServerId(PipeServer server) {
		Configured entry = this.configured.get(server);
		return (entry != null) ? entry.id() : null;
	}

	/**
	 * The handler methods a server serves.
	 * @param server a server bean
	 * @return its handlers, or none for a server the application defined itself (whose handlers
	 * only its own protocol knows)
	 */
	public Collection<PipeHandlerMethod> getHandlers(PipeServer server) {
		String id = getServerId(server);
		return (id != null) ? this.registry.getEndpoints(id) : List.of();
	}

	/**
	 * Whether a server should listen: a handler is bound to it, it was configured explicitly, or
	 * the application defined it itself.
	 * @param server a server bean
	 * @return {@code true} if the context starts it
	 */
	public boolean isNeeded(PipeServer server) {
		Configured entry = this.configured.get(server);
		return entry == null || entry.explicit() || !this.registry.getEndpoints(entry.id()).isEmpty();
	}

	/**
	 * Whether to start a server, saying at debug level why not, and warning about an explicitly
	 * configured server that has nothing to serve.
	 * @param server a server bean
	 * @return {@code true} to start it
	 */
	boolean shouldStart(PipeServer server) {
		Configured entry = this.configured.get(server);
		if (entry == null) {
			return true;
		}
		boolean handlers = !this.registry.getEndpoints(entry.id()).isEmpty();
		if (!handlers && entry.explicit()) {
			logger.warn("Pipe server '" + server.getName() + "' is configured by '" + entry.prefix()
					+ ".*' but no @PipeHandler method is bound to it: it listens on " + server.getAddress()
					+ " with nothing to serve.");
		}
		if (!handlers && !entry.explicit() && logger.isDebugEnabled()) {
			logger.debug("Pipe server '" + server.getName() + "' not started: no @PipeHandler method is bound to it"
					+ " and '" + entry.prefix() + ".name' is not set, so nothing listens on " + server.getAddress()
					+ ". A handler of a @Lazy bean counts once the bean is created; set '" + entry.prefix()
					+ ".name' for the server to listen before that.");
		}
		return handlers || entry.explicit();
	}

	/**
	 * Log where a server that has just started listens, what it serves and on which threads.
	 * @param server a started server
	 */
	void logStarted(PipeServer server) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		String handlers = (getServerId(server) != null) ? getHandlers(server).size() + " handler(s)" : "its handlers";
		logger.info("Pipe server '" + server.getName() + "' listening on " + server.getAddress() + " ("
				+ server.getSettings().framing().configName() + " framing): " + handlers + " on "
				+ threads(server));
	}

	private static String threads(PipeServer server) {
		if (server.getSettings().virtualThreads()) {
			return "a virtual thread per request";
		}
		return "up to " + server.getSettings().maxThreads()
				+ " platform threads, or the I/O thread for the last message of a read";
	}

	private record Configured(String id, boolean explicit) {

		String prefix() {
			return id().isEmpty() ? "pipe.server" : "pipe.servers." + id();
		}

	}

}
