package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.pipeipc.transport.PipeDirectoryTrustException;

import static dev.pipeipc.autoconfigure.JsonRpcSocketCall.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server configured into a directory where another user could replace its socket fails to
 * start, explained by the failure analyzer, unless shared directories are allowed.
 */
@ExtendWith(OutputCaptureExtension.class)
class PipeDirectoryTrustAutoConfigurationTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	@Test
	void serverInADirectoryWritableByOthersFailsToStartWithAnAnalysisNamingPipeDirectoryOwnerAndMode()
			throws IOException {
		Path shared = sharedDirectory();
		PipeContextRunners.pipeAutoConfiguration(shared)
			.withPropertyValues("pipe.server.name=orders")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				FailureAnalysis analysis = new PipeAddressFailureAnalyzer().analyze(failure);
				assertThat(analysis.getDescription()).contains("Pipe server 'orders' could not start",
						"'" + shared + "'", "mode rwxrwxrwx", "owner '" + System.getProperty("user.name") + "'",
						"no sticky bit");
				assertThat(analysis.getAction()).contains("'pipe.server.directory'",
						"'pipe.server.allow-shared-directory=true'");
				assertThat(analysis.getCause()).isInstanceOf(PipeDirectoryTrustException.class);
			});
		assertThat(shared.resolve("orders.sock")).doesNotExist();
	}

	@Test
	void serverInADirectoryWritableByOthersServesWithAWarningWhenAllowed(CapturedOutput output) throws IOException {
		Path shared = sharedDirectory();
		PipeContextRunners.pipeAutoConfiguration(shared)
			.withPropertyValues("pipe.server.name=orders", "pipe.server.allow-shared-directory=true")
			.withUserConfiguration(PipeAutoConfigurationTests.Handlers.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(call(shared.resolve("orders.sock"), "add", "[2,3]").get("result").asInt()).isEqualTo(5);
				assertThat(output).contains("is not safe for socket '" + shared.resolve("orders.sock") + "'",
						"Serving anyway, because shared directories are allowed.");
			});
	}

	private Path sharedDirectory() throws IOException {
		Path shared = Files.createDirectory(this.directory.resolve("shared"));
		Files.setAttribute(shared, "unix:mode", 0777);
		return shared;
	}

}
