package dev.pipeipc.server;

import java.io.IOException;
import java.nio.file.Path;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.unix.UnixSocketTransport;

/**
 * The anchors' cases on Unix domain sockets, each socket in a directory of its own test.
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

}
