package dev.pipeipc.server.jsonrpc;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.server.FakeSession;
import dev.pipeipc.server.RecordingReply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * When {@link JsonRpcProtocol} checks handler types: every handler of its server when it starts,
 * and a handler registered after that (by a lazy bean) on its first request.
 */
class HandlerCheckOnStartTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final PipeHandlerRegistry registry = new PipeHandlerRegistry();

	private final JsonRpcProtocol protocol = new JsonRpcProtocol(PipeHandlerRegistry.DEFAULT_SERVER, "unit",
			this.registry, json, false);

	private void register(String serverId, String methodName) {
		Method method = ReflectionUtils.findMethod(Handlers.class, methodName, (Class<?>[]) null);
		assertThat(method).as("method %s", methodName).isNotNull();
		this.registry.register(new PipeHandlerMethod(serverId, methodName, new Handlers(), "handlers", method));
	}

	private JsonNode call(String method) {
		RecordingReply reply = new RecordingReply();
		String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[]}";
		this.protocol.open(new FakeSession(1)).handle(request.getBytes(StandardCharsets.UTF_8), reply);
		return json.readTree(reply.body());
	}

	@Test
	void startFailsForAHandlerOfThisServerWithARefusedType() {
		register(PipeHandlerRegistry.DEFAULT_SERVER, "upload");
		assertThatExceptionOfType(UnsupportedHandlerTypeException.class).isThrownBy(this.protocol::start)
			.withMessageContaining("'upload' (bean 'handlers'");
	}

	@Test
	void startIgnoresHandlersOfOtherServers() {
		register("other", "upload");
		assertThatNoException().isThrownBy(this.protocol::start);
	}

	@Test
	void handlerRegisteredAfterStartIsCheckedOnItsFirstRequestAndAnsweredAsAnInternalError() {
		register(PipeHandlerRegistry.DEFAULT_SERVER, "ping");
		this.protocol.start();
		register(PipeHandlerRegistry.DEFAULT_SERVER, "upload");
		assertThat(call("ping").get("result").asString()).isEqualTo("pong");
		assertThat(call("upload").get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.INTERNAL_ERROR);
	}

	static class Handlers {

		String ping() {
			return "pong";
		}

		void upload(InputStream content) {
		}

	}

}
