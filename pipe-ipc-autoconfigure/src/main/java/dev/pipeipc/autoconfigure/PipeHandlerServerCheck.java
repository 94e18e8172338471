package dev.pipeipc.autoconfigure;

import java.util.Set;

import org.springframework.beans.factory.SmartInitializingSingleton;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;

/**
 * Fails startup when a handler method names a server that is not configured, instead of leaving
 * the method silently unreachable.
 */
class PipeHandlerServerCheck implements SmartInitializingSingleton {

	private final PipeHandlerRegistry registry;

	private final Set<String> configuredServerIds;

	PipeHandlerServerCheck(PipeHandlerRegistry registry, Set<String> configuredServerIds) {
		this.registry = registry;
		this.configuredServerIds = configuredServerIds;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String serverId : this.registry.getServerIds()) {
			if (serverId.equals(PipeHandlerRegistry.DEFAULT_SERVER) || this.configuredServerIds.contains(serverId)) {
				continue;
			}
			PipeHandlerMethod endpoint = this.registry.getEndpoints(serverId).iterator().next();
			throw new IllegalStateException("@PipeHandler method " + endpoint.describe() + " names server '"
					+ serverId + "', but no 'pipe.servers." + serverId + ".*' is configured. Add 'pipe.servers."
					+ serverId + ".name' or remove server = \"" + serverId + "\" from the annotation.");
		}
	}

}
