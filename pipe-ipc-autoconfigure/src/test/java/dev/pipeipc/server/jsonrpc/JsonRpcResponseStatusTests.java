package dev.pipeipc.server.jsonrpc;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.server.ObservedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JsonRpcResponseStatus}: the status read back from what the writer wrote.
 */
class JsonRpcResponseStatusTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final JsonRpcWriter writer = new JsonRpcWriter(this.mapper);

	private final JsonRpcResponseStatus status = new JsonRpcResponseStatus(this.mapper);

	@Test
	void resultIsZero() {
		assertThat(this.status.of(this.writer.result(this.mapper.getNodeFactory().numberNode(1), "ok"))).isZero();
	}

	@Test
	void longStringResultInPartsIsZero() {
		ResponseBody body = this.writer.result(this.mapper.getNodeFactory().numberNode(1), "ok ".repeat(5_000));
		assertThat(body.isInParts()).isTrue();
		assertThat(this.status.of(body)).isZero();
	}

	@Test
	void errorIsItsCodeWhateverTheIdHolds() {
		byte[] body = this.writer.error(this.mapper.getNodeFactory().stringNode("\"error\":{\"code\":1}"), -32601,
				"Method not found", java.util.Map.of("nested", java.util.Map.of("code", 5)));
		assertThat(this.status.of(body)).isEqualTo(-32601);
	}

	@Test
	void errorWithoutIdIsItsCode() {
		assertThat(this.status.of(this.writer.error(null, -32700, "Parse error", null))).isEqualTo(-32700);
	}

	@Test
	void nothingSentIsNoResponse() {
		assertThat(this.status.of((byte[]) null)).isEqualTo(ObservedRequest.NO_RESPONSE);
		assertThat(this.status.of((ResponseBody) null)).isEqualTo(ObservedRequest.NO_RESPONSE);
		assertThat(this.status.of("[]".getBytes(StandardCharsets.UTF_8))).isEqualTo(ObservedRequest.NO_RESPONSE);
	}

}
