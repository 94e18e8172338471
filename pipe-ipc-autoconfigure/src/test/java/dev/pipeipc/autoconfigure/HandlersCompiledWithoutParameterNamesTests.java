package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.pipeipc.server.jsonrpc.CompiledWithoutParameterNames;

import static dev.pipeipc.autoconfigure.JsonRpcSocketCall.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose handler class was compiled without {@code -parameters}: the context starts,
 * warns with the fix, and serves {@code @PipeParam} names over a real pipe.
 */
@ExtendWith(OutputCaptureExtension.class)
class HandlersCompiledWithoutParameterNamesTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	@TempDir
	Path classes;

	@Test
	@SuppressWarnings("unchecked")
	void startupWarnsWithTheFixAndPipeParamNamesBindOverThePipe(CapturedOutput output) {
		Class<Object> type = (Class<Object>) CompiledWithoutParameterNames.compileInto(this.classes);
		PipeContextRunners.pipeAutoConfiguration(this.directory)
			.withPropertyValues("pipe.server.name=nameless")
			.withBean("namelessHandlers", type, () -> CompiledWithoutParameterNames.instantiate(type))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("JSON-RPC handler 'add' (bean 'namelessHandlers', method"
						+ " NamelessHandlers.add) on pipe 'nameless' has parameters whose names were not compiled"
						+ " into its class", "Compile with the '-parameters' flag", "@PipeParam(\"name\")");
				assertThat(greet("{\"name\":\"Ada\",\"greeting\":\"Hello\"}")).isEqualTo("Hello, Ada");
			});
	}

	private String greet(String params) {
		try {
			return call(this.directory.resolve("nameless.sock"), "greet", params).get("result").asString();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Calling greet failed", ex);
		}
	}

}
