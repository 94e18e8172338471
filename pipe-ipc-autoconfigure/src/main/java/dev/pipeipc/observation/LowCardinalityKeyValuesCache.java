package dev.pipeipc.observation;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.observation.PipeObservationDocumentation.LowCardinalityKeyNames;

/**
 * The low-cardinality key values of requests, built once for each distinct set of values and
 * handed out again as the same immutable {@link KeyValues}. A request's observation asks for them
 * at start and at stop, and they differ between requests only as much as the timers they name do,
 * so building them anew each time (six key values, an array, a check that they are sorted) was
 * work thrown away; and the same instance at start and at stop makes adding them to the context
 * free. At most {@value #LIMIT} sets are kept (as many timers would already be a lot); past that a
 * set is built for each request, with the same values.
 */
final class LowCardinalityKeyValuesCache {

	/** The most sets kept. */
	static final int LIMIT = 1024;

	private final ConcurrentMap<Key, KeyValues> sets = new ConcurrentHashMap<>();

	/**
	 * The key values of a request.
	 * @param system the value of {@code rpc.system.name}
	 * @param transport the value of {@code network.transport}
	 * @param pipeName the value of {@code pipe.name}
	 * @param method the value of {@code rpc.method}
	 * @param statusCode the status of the response, or {@code null} if there is none (yet)
	 * @param error what failed the request, or {@code null}
	 * @return the key values, sorted by key
	 */
	KeyValues get(String system, String transport, String pipeName, String method, @Nullable Integer statusCode,
			@Nullable Throwable error) {
		boolean errorCounts = statusCode == null || statusCode == 0;
		Key key = new Key(system, transport, pipeName, method, (statusCode != null) ? statusCode : Integer.MIN_VALUE,
				(errorCounts && error != null) ? error.getClass() : null);
		KeyValues keyValues = this.sets.get(key);
		if (keyValues != null) {
			return keyValues;
		}
		// In the order of their names, which spares KeyValues a sort.
		keyValues = KeyValues.of(ObservationKeyValues.errorType(statusCode, error),
				LowCardinalityKeyNames.NETWORK_TRANSPORT.withValue(transport),
				LowCardinalityKeyNames.PIPE_NAME.withValue(pipeName), LowCardinalityKeyNames.RPC_METHOD.withValue(method),
				ObservationKeyValues.statusCode(statusCode), LowCardinalityKeyNames.RPC_SYSTEM.withValue(system));
		if (this.sets.size() < LIMIT) {
			KeyValues existing = this.sets.putIfAbsent(key, keyValues);
			return (existing != null) ? existing : keyValues;
		}
		return keyValues;
	}

	/**
	 * How many sets are kept.
	 * @return the number of sets
	 */
	int size() {
		return this.sets.size();
	}

	/**
	 * What the key values are built from; the error counts only by its class, and only when the
	 * status does not already name it.
	 */
	private record Key(String system, String transport, String pipeName, String method, int statusCode,
			@Nullable Class<?> errorClass) {
	}

}
