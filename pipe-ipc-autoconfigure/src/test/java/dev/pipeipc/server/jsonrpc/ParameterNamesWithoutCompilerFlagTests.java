package dev.pipeipc.server.jsonrpc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.server.FakeSession;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.RecordingReply;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler class compiled without {@code -parameters} ({@link CompiledWithoutParameterNames}),
 * served by the JSON-RPC protocol without a socket: startup warns about the method whose
 * parameters have no names, and {@code @PipeParam} names bind.
 */
@ExtendWith(OutputCaptureExtension.class)
class ParameterNamesWithoutCompilerFlagTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ADD_WARNING = "JSON-RPC handler 'add' (bean 'handler0', method NamelessHandlers.add)"
			+ " on pipe 'unit' has parameters whose names were not compiled into its class";

	@TempDir
	static Path classes;

	private static Class<?> handlersType;

	private final FakeSession session = new FakeSession(1);

	@BeforeAll
	static void compile() {
		handlersType = CompiledWithoutParameterNames.compileInto(classes);
	}

	private static PipeProtocol protocol() {
		return TestPipeServer.protocol(false, "unit", false, CompiledWithoutParameterNames.instantiate(handlersType));
	}

	private JsonNode call(PipeProtocol protocol, String method, String params) {
		RecordingReply reply = new RecordingReply();
		String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
		protocol.open(this.session).handle(request.getBytes(StandardCharsets.UTF_8), reply);
		return json.readTree(reply.body());
	}

	@Test
	void compiledClassReallyHasNoParameterNames() throws NoSuchMethodException {
		assertThat(handlersType.getMethod("add", int.class, int.class).getParameters())
			.allSatisfy((parameter) -> assertThat(parameter.isNamePresent()).isFalse());
	}

	@Test
	void startWarnsOnceAboutAHandlerWithoutParameterNamesAndSaysHowToFixIt(CapturedOutput output) {
		PipeProtocol protocol = protocol();
		protocol.start();
		protocol.start();
		call(protocol, "add", "[1,2]");
		assertThat(output.getOut().split(java.util.regex.Pattern.quote(ADD_WARNING), -1)).hasSize(2);
		assertThat(output).contains("Compile with the '-parameters' flag", "@PipeParam(\"name\")");
	}

	@Test
	void startDoesNotWarnAboutAHandlerWhoseParametersAreNamedWithPipeParam(CapturedOutput output) {
		protocol().start();
		assertThat(output).contains(ADD_WARNING).doesNotContain("'greet' (bean");
	}

	@Test
	void pipeParamNamesBindNamedParamsWithoutCompiledNames() {
		PipeProtocol protocol = protocol();
		protocol.start();
		assertThat(call(protocol, "greet", "{\"greeting\":\"Hello\",\"name\":\"Ada\"}").get("result").asString())
			.isEqualTo("Hello, Ada");
	}

	@Test
	void namedParamsReachUnnamedParametersOnlyByTheirStandInNames() {
		PipeProtocol protocol = protocol();
		protocol.start();
		JsonNode error = call(protocol, "add", "{\"left\":1,\"right\":2}").get("error");
		assertThat(error.get("code").asInt()).isEqualTo(JsonRpcErrorCodes.INVALID_PARAMS);
		assertThat(error.get("message").asString()).isEqualTo("Parameter 'arg0' of method 'add' is required");
		assertThat(call(protocol, "add", "{\"arg0\":1,\"arg1\":2}").get("result").asInt()).isEqualTo(3);
		assertThat(call(protocol, "add", "[1,2]").get("result").asInt()).isEqualTo(3);
	}

}
