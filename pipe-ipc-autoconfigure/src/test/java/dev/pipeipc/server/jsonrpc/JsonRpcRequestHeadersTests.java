package dev.pipeipc.server.jsonrpc;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JsonRpcRequestHeaders}: trace context where StreamJsonRpc and MCP put it.
 */
class JsonRpcRequestHeadersTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void readsATopLevelMember() {
		assertThat(headers("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"traceparent\":\"t\",\"tracestate\":\"s\"}")
			.apply("tracestate")).isEqualTo("s");
	}

	@Test
	void readsParamsMeta() {
		assertThat(headers("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"_meta\":{\"traceparent\":\"t\"}}}")
			.apply("traceparent")).isEqualTo("t");
	}

	@Test
	void topLevelWinsOverParamsMeta() {
		assertThat(headers("{\"method\":\"m\",\"params\":{\"_meta\":{\"traceparent\":\"meta\"}},\"traceparent\":\"top\"}")
			.apply("traceparent")).isEqualTo("top");
	}

	@Test
	void ignoresWhatIsNotAString() {
		JsonRpcRequestHeaders headers = headers(
				"{\"method\":\"m\",\"traceparent\":1,\"params\":[{\"_meta\":{\"traceparent\":\"t\"}}]}");
		assertThat(headers.apply("traceparent")).isNull();
		assertThat(headers("{\"method\":\"m\",\"params\":{\"_meta\":\"t\"}}").apply("traceparent")).isNull();
	}

	private JsonRpcRequestHeaders headers(String json) {
		return new JsonRpcRequestHeaders(this.mapper.readTree(json));
	}

}
