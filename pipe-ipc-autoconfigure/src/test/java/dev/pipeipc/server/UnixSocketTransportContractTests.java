package dev.pipeipc.server;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.unix.UnixSocketTransport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport contract on Unix domain sockets: over the limit a client is accepted, answered
 * with error {@code -32000} and disconnected; the peer is identified by user (and group).
 */
class UnixSocketTransportContractTests extends PipeTransportContractTests {

	@TempDir
	Path directory;

	@Override
	protected PipeTransport transport() {
		return new UnixSocketTransport();
	}

	@Override
	protected String newAddress() {
		return this.directory.resolve(uniqueName() + ".sock").toString();
	}

	@Override
	protected PipeTestClient connect(String address, Framing framing) throws IOException {
		return PipeTestClient.connect(Path.of(address), framing);
	}

	@Override
	protected void assertClientBeyondMaxInstancesIsRefused(String address) throws Exception {
		try (PipeTestClient refused = connect(address, Framing.CONTENT_LENGTH)) {
			assertThat(refused.receiveJson().get("error").get("code").asInt()).isEqualTo(-32000);
			refused.awaitClose();
		}
	}

	@Override
	protected void assertPeerIdentity(JsonNode peer) {
		assertThat(peer.get(0).asString()).isEqualTo(System.getProperty("user.name"));
	}

}
