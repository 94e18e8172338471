package dev.pipeipc.client;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import dev.pipeipc.server.TestPipeServer;

/**
 * The {@link PipeClientContractTests client contract} on a Unix domain socket.
 */
class UnixSocketPipeClientContractTests extends PipeClientContractTests {

	@TempDir
	Path directory;

	@Override
	protected TestPipeServer.Builder serverBuilder() {
		return TestPipeServer.on(this.directory.resolve("contract.sock")).name("contract");
	}

	@Override
	protected PipeClient.Builder clientBuilder() {
		return PipeClient.builder(this.directory.resolve("contract.sock").toString());
	}

	@Override
	protected PipeClient.Builder missingPipeClientBuilder() {
		return PipeClient.builder(this.directory.resolve("missing.sock").toString());
	}

}
