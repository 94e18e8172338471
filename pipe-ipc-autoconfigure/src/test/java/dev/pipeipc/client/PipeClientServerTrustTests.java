package dev.pipeipc.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.pipeipc.transport.PipeServerTrustException;
import dev.pipeipc.transport.unix.OtherOsUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A pipe client refuses a server of another user at once, with the reason, instead of retrying
 * until its connect timeout as it does for a server that is not there yet.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipeClientServerTrustTests {

	@TempDir
	Path directory;

	@Test
	void socketOfAnotherUserFailsTheCallAtOnceNamingTheOwner() throws IOException {
		OtherOsUser.require();
		Path socket = this.directory.resolve("orders.sock");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			Files.setOwner(socket, socket.getFileSystem().getUserPrincipalLookupService()
				.lookupPrincipalByName(OtherOsUser.NAME));
			try (PipeClient client = PipeClient.builder(socket.toString())
				.connectTimeout(Duration.ofMinutes(5))
				.build()) {
				assertThatExceptionOfType(PipeConnectException.class)
					.isThrownBy(() -> client.call("add", new int[] { 1, 2 }, Integer.class))
					.withMessageContaining("Refusing pipe '" + socket + "'")
					.withMessageContaining("belongs to user '" + OtherOsUser.NAME + "'")
					.havingCause()
					.isInstanceOf(PipeServerTrustException.class);
			}
		}
	}

	@Test
	void socketOfATrustedUserIsConnected() throws IOException {
		OtherOsUser.require();
		Path socket = this.directory.resolve("orders.sock");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			Files.setOwner(socket, socket.getFileSystem().getUserPrincipalLookupService()
				.lookupPrincipalByName(OtherOsUser.NAME));
			try (PipeClient client = PipeClient.builder(socket.toString())
				.serverUser(OtherOsUser.NAME)
				.connectTimeout(Duration.ofSeconds(5))
				.build()) {
				client.connect();
				assertThat(client.isConnected()).isTrue();
			}
		}
	}

}
