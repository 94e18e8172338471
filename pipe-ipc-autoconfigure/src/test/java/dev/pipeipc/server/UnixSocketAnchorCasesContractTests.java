package dev.pipeipc.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeConnectException;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.unix.UnixSocketTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The anchors' cases on Unix domain sockets, each socket in a directory of its own test, and the
 * one only a file system has: a client pointed at a regular file.
 */
class UnixSocketAnchorCasesContractTests extends PipeTransportAnchorCasesContractTests {

	@Override
	protected PipeTransport transport() {
		return new UnixSocketTransport();
	}

	@Override
	protected String newAddress() {
		return this.resources.directory().resolve(uniqueName() + ".sock").toString();
	}

	@Override
	protected String addressOverThePlatformLimit() {
		// sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included.
		return this.resources.directory().resolve("s".repeat(120) + ".sock").toString();
	}

	@Override
	protected PipeTestClient connect(String address, Framing framing) throws IOException {
		return PipeTestClient.connect(Path.of(address), framing);
	}

	@Test
	void connectingToARegularFileFailsWithPipeConnectExceptionAndLeavesTheFile() throws IOException {
		Path file = Files.writeString(this.resources.directory().resolve("not-a-socket.sock"), "data");
		try (PipeClient client = PipeClient.builder(file.toString()).connectTimeout(Duration.ofMillis(300)).build()) {
			assertThatExceptionOfType(PipeConnectException.class).isThrownBy(client::connect)
				.withMessageContaining(file.toString());
		}
		assertThat(Files.readString(file)).isEqualTo("data");
	}

}
