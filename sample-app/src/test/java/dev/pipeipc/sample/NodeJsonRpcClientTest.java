package dev.pipeipc.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.pipeipc.server.PipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Cross-language check: {@code src/test/node/orders-client.js}, a Node.js client built on
 * vscode-jsonrpc (the JSON-RPC library of VS Code's language clients), calls the running sample app
 * over its Unix domain socket with object, positional and named params, a notification, error
 * answers and 50 pipelined requests.
 * <p>
 * Needs {@code node} and {@code npm} on the {@code PATH}; {@code vscode-jsonrpc} is installed into
 * {@code src/test/node/node_modules} (git-ignored) on first run. Without Node.js the test is skipped
 * locally but fails when the {@code CI} environment variable is set.
 */
@SpringBootTest(classes = OrdersApplication.class)
@DirtiesContext
class NodeJsonRpcClientTest {

	/** The Node.js client project, relative to the module directory Maven runs tests in. */
	private static final Path NODE_PROJECT = Path.of("src", "test", "node");

	private static final long NPM_INSTALL_TIMEOUT_SECONDS = 300;

	private static final long CLIENT_TIMEOUT_SECONDS = 60;

	private static final Path SOCKET = TestSockets.socketPath("pipe-node");

	@Autowired
	private PipeServer server;

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		// A name containing '/' is the socket path itself.
		registry.add("pipe.server.name", SOCKET::toString);
	}

	@Test
	void vscodeJsonRpcClientCallsOrdersOverTheSocket() throws Exception {
		Path node = requireExecutable("node");
		Path npm = requireExecutable("npm");
		installClientDependencies(node, npm);
		assertThat(this.server.isRunning()).isTrue();
		assertThat(this.server.getAddress()).isEqualTo(SOCKET.toString());
		Result client = run(List.of(node.toString(), "orders-client.js", SOCKET.toString()),
				NODE_PROJECT.toAbsolutePath(), CLIENT_TIMEOUT_SECONDS);
		String output = client.output();
		System.out.println(output);
		assertThat(client.exitCode())
			.as("'node orders-client.js %s' exited with %s; output:%n%s", SOCKET, client.describeExit(), output)
			.isZero();
		assertThat(output).as("output of the Node.js client")
			.contains("PASS connected to the orders socket")
			.contains("PASS orders.create with object params -> order ")
			.contains("PASS orders.create with an invalid order -> error -32602")
			.contains("PASS orders.get with positional params -> order ")
			.contains("PASS orders.find with named params -> ")
			.contains("PASS orders.log notification sent")
			.contains("PASS orders.get unknown id -> error 1001 with data.id ")
			.contains("PASS unknown method -> error -32601")
			.contains("PASS orders.cancel with named params -> order ")
			.contains("PASS 50 concurrent requests answered correctly")
			.contains("PASS no protocol errors reported by vscode-jsonrpc")
			.contains("ALL CHECKS PASSED")
			.doesNotContain("FAIL");
	}

	/**
	 * Run {@code npm install} in the client project unless vscode-jsonrpc is already installed.
	 */
	private static void installClientDependencies(Path node, Path npm) throws IOException, InterruptedException {
		Path project = NODE_PROJECT.toAbsolutePath();
		assertThat(project.resolve("orders-client.js"))
			.as("Node.js client (tests must run with the sample-app module as working directory)")
			.isRegularFile();
		System.out.println("Node.js " + run(List.of(node.toString(), "--version"), project, 30).output().trim());
		if (Files.isDirectory(project.resolve("node_modules").resolve("vscode-jsonrpc"))) {
			return;
		}
		Result install = run(List.of(npm.toString(), "install", "--no-audit", "--no-fund", "--loglevel=error"),
				project, NPM_INSTALL_TIMEOUT_SECONDS);
		assertThat(install.exitCode())
			.as("'npm install' in %s exited with %s; output:%n%s", project, install.describeExit(), install.output())
			.isZero();
		assertThat(project.resolve("node_modules").resolve("vscode-jsonrpc"))
			.as("vscode-jsonrpc after 'npm install'; output:%n%s", install.output())
			.isDirectory();
	}

	/**
	 * Find an executable on the {@code PATH}. Missing, the test fails when the {@code CI}
	 * environment variable is set and is skipped otherwise.
	 */
	private static Path requireExecutable(String name) {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String entry : path.split(File.pathSeparator)) {
				if (entry.isEmpty()) {
					continue;
				}
				Path candidate = Path.of(entry, name);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		String message = "'" + name + "' is not on the PATH; the Node.js JSON-RPC client test needs Node.js"
				+ " (with npm) to run src/test/node/orders-client.js";
		String ci = System.getenv("CI");
		if (ci != null && !ci.isBlank()) {
			return fail(message + ". The CI environment variable is set, so this test must not be skipped:"
					+ " install Node.js.");
		}
		return Assumptions.abort(message + "; skipped because the CI environment variable is not set.");
	}

	private static Result run(List<String> command, Path directory, long timeoutSeconds)
			throws IOException, InterruptedException {
		Path log = Files.createTempFile("pipe-node", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			Process process = builder.start();
			process.getOutputStream().close();
			boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
			if (!exited) {
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			return new Result(exited ? process.exitValue() : -1, exited, timeoutSeconds, output);
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	private record Result(int exitCode, boolean exited, long timeoutSeconds, String output) {

		String describeExit() {
			return this.exited ? "code " + this.exitCode : "no exit within " + this.timeoutSeconds + " s (killed)";
		}

	}

}
