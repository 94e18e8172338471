package dev.pipeipc.config;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * All handler endpoints of an application, by server and JSON-RPC method name. Servers look methods
 * up here for every request, so endpoints of beans created later (lazy beans, for example) are
 * served as soon as they are registered.
 */
public class PipeHandlerRegistry {

	/** Id of the server configured by {@code pipe.server.*}. */
	public static final String DEFAULT_SERVER = "";

	private final Map<String, Map<String, PipeHandlerMethod>> servers = new ConcurrentHashMap<>();

	private final Map<String, Map<String, PipeHandlerMethod>> builtIns = new ConcurrentHashMap<>();

	/**
	 * Register an endpoint.
	 * @param endpoint the endpoint
	 * @throws DuplicatePipeHandlerException if another endpoint already has its name on its server
	 */
	public void register(PipeHandlerMethod endpoint) {
		Map<String, PipeHandlerMethod> methods = this.servers.computeIfAbsent(endpoint.getServerId(),
				(id) -> new ConcurrentHashMap<>());
		PipeHandlerMethod existing = methods.putIfAbsent(endpoint.getName(), endpoint);
		if (existing != null) {
			throw new DuplicatePipeHandlerException(existing, endpoint);
		}
	}

	/**
	 * Find the endpoint for a method name.
	 * @param serverId the server id
	 * @param name the JSON-RPC method name
	 * @return the endpoint, or {@code null} if the server has no such method
	 */
	public @Nullable PipeHandlerMethod find(String serverId, String name) {
		Map<String, PipeHandlerMethod> methods = this.servers.get(serverId);
		PipeHandlerMethod endpoint = (methods != null) ? methods.get(name) : null;
		if (endpoint != null) {
			return endpoint;
		}
		Map<String, PipeHandlerMethod> builtIn = this.builtIns.get(serverId);
		return (builtIn != null) ? builtIn.get(name) : null;
	}

	/**
	 * Register a method the library itself serves on a server, such as {@code rpc.discover}. It is
	 * found by {@link #find} unless the application registers a handler of the same name, which
	 * wins; it is not one of the server's {@linkplain #getEndpoints endpoints}, so it neither makes
	 * a server listen nor appears where the application's handlers are listed.
	 * @param endpoint the endpoint; replaces a built-in method of the same name on its server
	 */
	public void registerBuiltIn(PipeHandlerMethod endpoint) {
		this.builtIns.computeIfAbsent(endpoint.getServerId(), (id) -> new ConcurrentHashMap<>())
			.put(endpoint.getName(), endpoint);
	}

	/**
	 * The endpoints of one server.
	 * @param serverId the server id
	 * @return the endpoints, in no particular order
	 */
	public Collection<PipeHandlerMethod> getEndpoints(String serverId) {
		Map<String, PipeHandlerMethod> methods = this.servers.get(serverId);
		return (methods != null) ? List.copyOf(methods.values()) : List.of();
	}

	/**
	 * The ids of all servers that have at least one endpoint.
	 * @return the server ids
	 */
	public Set<String> getServerIds() {
		return Set.copyOf(this.servers.keySet());
	}

}
