package dev.pipeipc.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LowCardinalityKeyValuesCache}.
 */
class LowCardinalityKeyValuesCacheTests {

	private final LowCardinalityKeyValuesCache cache = new LowCardinalityKeyValuesCache();

	@Test
	void sameValuesGiveTheSameSet() {
		KeyValues first = this.cache.get("jsonrpc", "unix", "orders", "orders.get", 0, null);
		assertThat(this.cache.get("jsonrpc", "unix", "orders", "orders.get", 0, null)).isSameAs(first)
			.containsExactly(KeyValue.of("error.type", "none"), KeyValue.of("network.transport", "unix"),
					KeyValue.of("pipe.name", "orders"), KeyValue.of("rpc.method", "orders.get"),
					KeyValue.of("rpc.response.status_code", "0"), KeyValue.of("rpc.system.name", "jsonrpc"));
	}

	@Test
	void statusAndErrorMakeDifferentSets() {
		assertThat(this.cache.get("jsonrpc", "unix", "orders", "orders.get", null, null))
			.contains(KeyValue.of("rpc.response.status_code", "none"), KeyValue.of("error.type", "none"));
		assertThat(this.cache.get("jsonrpc", "unix", "orders", "orders.get", -32601, null))
			.contains(KeyValue.of("rpc.response.status_code", "-32601"), KeyValue.of("error.type", "-32601"));
		assertThat(this.cache.get("jsonrpc", "unix", "orders", "orders.get", null, new IllegalStateException()))
			.contains(KeyValue.of("rpc.response.status_code", "none"),
					KeyValue.of("error.type", "java.lang.IllegalStateException"));
		assertThat(this.cache.get("jsonrpc", "unix", "orders", "orders.get", null, new IllegalArgumentException()))
			.contains(KeyValue.of("error.type", "java.lang.IllegalArgumentException"));
		assertThat(this.cache.size()).isEqualTo(4);
	}

	@Test
	void anErrorWithAnErrorResponseIsKeyedByTheResponseAlone() {
		KeyValues first = this.cache.get("jsonrpc", "unix", "orders", "orders.get", -32000,
				new IllegalStateException());
		assertThat(this.cache.get("jsonrpc", "unix", "orders", "orders.get", -32000, new IllegalArgumentException()))
			.isSameAs(first)
			.contains(KeyValue.of("error.type", "-32000"));
	}

	@Test
	void pastTheLimitSetsAreBuiltWithTheSameValuesAndNotKept() {
		for (int i = 0; i < LowCardinalityKeyValuesCache.LIMIT; i++) {
			this.cache.get("jsonrpc", "unix", "orders", "method" + i, 0, null);
		}
		assertThat(this.cache.size()).isEqualTo(LowCardinalityKeyValuesCache.LIMIT);
		KeyValues past = this.cache.get("jsonrpc", "unix", "orders", "one.more", 1, null);
		assertThat(past).contains(KeyValue.of("rpc.method", "one.more"), KeyValue.of("rpc.response.status_code", "1"));
		assertThat(this.cache.get("jsonrpc", "unix", "orders", "one.more", 1, null)).isEqualTo(past).isNotSameAs(past);
		assertThat(this.cache.size()).isEqualTo(LowCardinalityKeyValuesCache.LIMIT);
		assertThat(this.cache.get("jsonrpc", "unix", "orders", "method0", 0, null))
			.isSameAs(this.cache.get("jsonrpc", "unix", "orders", "method0", 0, null));
	}

}
