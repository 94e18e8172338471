package dev.pipeipc.server;

import java.io.IOException;
import java.nio.file.Path;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.unix.UnixSocketTransport;

/**
 * Connection churn on Unix domain sockets.
 */
class UnixSocketConnectionChurnTests extends ConnectionChurnContractTests {

	@Override
	protected PipeTransport transport() {
		return new UnixSocketTransport();
	}

	@Override
	protected String newAddress() {
		return this.resources.socket("churn.sock").toString();
	}

	@Override
	protected PipeTestClient connect(String address) throws IOException {
		return PipeTestClient.connect(Path.of(address), Framing.CONTENT_LENGTH);
	}

}
