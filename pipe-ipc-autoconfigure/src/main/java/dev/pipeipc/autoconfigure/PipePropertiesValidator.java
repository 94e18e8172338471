package dev.pipeipc.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.util.unit.DataSize;

/**
 * Checks every numeric, size and duration setting of the bound pipe properties against the range
 * the engine can honour, so that a bad value fails startup naming the property instead of being
 * clamped, truncated to an {@code int}, or failing later on first use. Servers that are not
 * enabled are not checked: their settings are never used.
 */
final class PipePropertiesValidator {

	/** Largest message size: the largest byte array a JVM allocates. */
	static final long MAX_MESSAGE_SIZE = Integer.MAX_VALUE - 8;

	/** Most worker threads a {@link java.util.concurrent.ThreadPoolExecutor} can run. */
	static final int MAX_THREADS = (1 << 29) - 1;

	private final Function<String, @Nullable ConfigurationProperty> boundProperties;

	private final List<InvalidPipePropertiesException.InvalidValue> invalidValues = new ArrayList<>();

	private PipePropertiesValidator(Function<String, @Nullable ConfigurationProperty> boundProperties) {
		this.boundProperties = boundProperties;
	}

	/**
	 * Check the given properties.
	 * @param properties the bound properties
	 * @param boundProperties the configuration property each value was bound from, by name, to
	 * report values as written and where
	 * @throws InvalidPipePropertiesException listing every value out of range
	 */
	static void validate(PipeProperties properties,
			Function<String, @Nullable ConfigurationProperty> boundProperties) {
		PipePropertiesValidator validator = new PipePropertiesValidator(boundProperties);
		validator.server("pipe.server", properties.getServer());
		properties.getServers().forEach((id, server) -> validator.server("pipe.servers." + id, server));
		properties.getClients().forEach((id, client) -> validator.client("pipe.clients." + id, client));
		if (!validator.invalidValues.isEmpty()) {
			throw new InvalidPipePropertiesException(validator.invalidValues);
		}
	}

	private void server(String prefix, PipeServerProperties server) {
		if (!server.isEnabled()) {
			return;
		}
		messageSize(prefix + ".max-message-size", server.getMaxMessageSize());
		int maxConnections = server.getMaxConnections();
		if (maxConnections != PipeServerProperties.UNLIMITED_CONNECTIONS && maxConnections < 1) {
			reject(prefix + ".max-connections", maxConnections,
					PipeServerProperties.UNLIMITED_CONNECTIONS + " (no limit) or between 1 and " + Integer.MAX_VALUE);
		}
		positive(prefix + ".idle-timeout", server.getIdleTimeout());
		between(prefix + ".max-threads", server.getMaxThreads(), 1, MAX_THREADS);
		between(prefix + ".max-pending-requests", server.getMaxPendingRequests(), 1, Integer.MAX_VALUE);
		notNegative(prefix + ".shutdown-grace-period", server.getShutdownGracePeriod());
		positive(prefix + ".request-timeout", server.getRequestTimeout());
		DataSize memoryBudget = server.getMemoryBudget();
		if (memoryBudget != null && memoryBudget.toBytes() < 1) {
			reject(prefix + ".memory-budget", memoryBudget, "at least 1 byte, or unset for a quarter of the maximum heap");
		}
		json(prefix + ".json", server.getJson());
		streams(prefix + ".streams", server.getStreams());
		socketPermissions(prefix + ".access.socket-permissions", server.getAccess().getSocketPermissions());
		bufferSize(prefix + ".windows.in-buffer-size", server.getWindows().getInBufferSize());
		bufferSize(prefix + ".windows.out-buffer-size", server.getWindows().getOutBufferSize());
		discovery(prefix + ".discovery.enabled", server);
	}

	/**
	 * rpc.discover is a JSON-RPC method: turning it on explicitly for a raw server asks for
	 * something the server cannot serve. Left at its default, it is simply not offered there.
	 */
	private void discovery(String property, PipeServerProperties server) {
		if (server.getProtocol() == PipeServerProperties.Protocol.RAW && server.getDiscovery().isEnabled()
				&& this.boundProperties.apply(property) != null) {
			reject(property, true, "false or unset on a server with the raw protocol, which has no"
					+ " JSON-RPC methods and so no rpc.discover");
		}
	}

	private void client(String prefix, PipeClientProperties client) {
		notNegative(prefix + ".connect-timeout", client.getConnectTimeout());
		positive(prefix + ".request-timeout", client.getRequestTimeout());
		notNegative(prefix + ".reconnect-backoff", client.getReconnectBackoff());
		if (client.getMaxReconnectBackoff().compareTo(client.getReconnectBackoff()) < 0) {
			reject(prefix + ".max-reconnect-backoff", client.getMaxReconnectBackoff(), "at least '" + prefix
					+ ".reconnect-backoff' (" + written(prefix + ".reconnect-backoff", client.getReconnectBackoff()) + ")");
		}
		DataSize maxMessageSize = client.getMaxMessageSize();
		if (maxMessageSize != null) {
			messageSize(prefix + ".max-message-size", maxMessageSize);
		}
		json(prefix + ".json", client.getJson());
	}

	private void json(String prefix, PipeJsonProperties json) {
		between(prefix + ".max-nesting-depth", json.getMaxNestingDepth(), 1, Integer.MAX_VALUE);
		between(prefix + ".max-number-length", json.getMaxNumberLength(), 1, Integer.MAX_VALUE);
		between(prefix + ".max-string-length", json.getMaxStringLength(), 1, Integer.MAX_VALUE);
		between(prefix + ".max-name-length", json.getMaxNameLength(), 1, Integer.MAX_VALUE);
	}

	private void streams(String prefix, PipeStreamProperties streams) {
		between(prefix + ".min-batch-size", streams.getMinBatchSize(), 1, Integer.MAX_VALUE);
		between(prefix + ".read-ahead", streams.getReadAhead(), 0, Integer.MAX_VALUE);
		between(prefix + ".prefetch", streams.getPrefetch(), 0, Integer.MAX_VALUE);
		between(prefix + ".max-open-per-connection", streams.getMaxOpenPerConnection(), 1, Integer.MAX_VALUE);
		Duration idleTimeout = streams.getIdleTimeout();
		if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
			reject(prefix + ".idle-timeout", String.valueOf(idleTimeout), "a positive duration, such as '5m'");
		}
	}

	private void messageSize(String property, DataSize size) {
		if (size.toBytes() < 1 || size.toBytes() > MAX_MESSAGE_SIZE) {
			reject(property, size, "between 1 byte and " + MAX_MESSAGE_SIZE + " bytes (just under 2GB)");
		}
	}

	private void socketPermissions(String property, @Nullable String permissions) {
		if (permissions == null) {
			return;
		}
		if (!permissions.matches("rw-[-r][-w]-[-r][-w]-")) {
			reject(property, permissions, "nine permission characters with read and write bits only, the owner's"
					+ " 'rw' included, such as 'rw-------' (owner only), 'rw-rw----' (and the group) or 'rw-rw-rw-'");
		}
	}

	private void bufferSize(String property, DataSize size) {
		if (size.isNegative() || size.toBytes() > Integer.MAX_VALUE) {
			reject(property, size, "between 0 and " + Integer.MAX_VALUE + " bytes");
		}
	}

	private void between(String property, int value, int min, int max) {
		if (value < min || value > max) {
			reject(property, value, "between " + min + " and " + max);
		}
	}

	private void positive(String property, @Nullable Duration duration) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			reject(property, duration, "a positive duration, such as '30s', or unset");
		}
	}

	private void notNegative(String property, @Nullable Duration duration) {
		if (duration != null && duration.isNegative()) {
			reject(property, duration, "zero or a positive duration, such as '5s'");
		}
	}

	private Object written(String property, Object boundValue) {
		ConfigurationProperty source = this.boundProperties.apply(property);
		return (source != null) ? source.getValue() : boundValue;
	}

	private void reject(String property, Object boundValue, String allowed) {
		ConfigurationProperty source = this.boundProperties.apply(property);
		if (source == null) {
			this.invalidValues.add(new InvalidPipePropertiesException.InvalidValue(property, null, boundValue, allowed,
					null));
			return;
		}
		boolean renamed = !ConfigurationPropertyName.adapt(property, '.').equals(source.getName());
		this.invalidValues.add(new InvalidPipePropertiesException.InvalidValue(property,
				renamed ? source.getName().toString() : null, source.getValue(), allowed, source.getOrigin()));
	}

}
