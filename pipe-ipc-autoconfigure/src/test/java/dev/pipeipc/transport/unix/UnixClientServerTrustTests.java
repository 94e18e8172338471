package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.pipeipc.transport.PipeServerTrustException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A Unix client talks only to a server of its own user (or of the one it was told to trust), as
 * .NET's {@code CurrentUserOnly}: a socket file owned by another user is refused before
 * connecting, and a server process running as another user right after, before a byte is sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixClientServerTrustTests {

	@TempDir
	Path directory;

	private Process impostor;

	private Path shared;

	@AfterEach
	void stopImpostor() throws IOException, InterruptedException {
		if (this.impostor != null) {
			this.impostor.destroy();
			// socat removes its socket as it exits: let it finish before the directory is walked.
			this.impostor.waitFor(10, TimeUnit.SECONDS);
		}
		if (this.shared != null) {
			try (Stream<Path> files = Files.walk(this.shared)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	@Test
	void serverOfTheSameUserIsAccepted() throws IOException {
		Path socket = this.directory.resolve("own.sock");
		try (ServerSocketChannel server = bind(socket);
				UnixClientChannel client = UnixClientChannel.connect(socket);
				SocketChannel accepted = server.accept()) {
			client.write(new ByteBuffer[] { ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)) });
			ByteBuffer received = ByteBuffer.allocate(4);
			while (received.hasRemaining() && accepted.read(received) >= 0) {
				// Read the four bytes.
			}
			assertThat(new String(received.array(), StandardCharsets.UTF_8)).isEqualTo("ping");
		}
	}

	@Test
	void socketFileOwnedByAnotherUserIsRefusedBeforeConnecting() throws IOException {
		OtherOsUser other = OtherOsUser.require();
		Path socket = this.directory.resolve("theirs.sock");
		try (ServerSocketChannel server = bind(socket)) {
			server.configureBlocking(false);
			Files.setAttribute(socket, "unix:uid", (int) other.uid());
			assertThatExceptionOfType(PipeServerTrustException.class)
				.isThrownBy(() -> UnixClientChannel.connect(socket))
				.satisfies((ex) -> {
					assertThat(ex.getFoundUser()).isEqualTo(OtherOsUser.NAME);
					assertThat(ex.getMessage()).contains("Socket '" + socket + "' belongs to user '"
							+ OtherOsUser.NAME + "', not to '" + CurrentUser.name() + "'", "impostor");
				});
			assertThat(server.accept()).as("no connection reached the server").isNull();
		}
	}

	@Test
	void symbolicLinkToASocketIsRefusedBeforeConnecting() throws IOException {
		Path socket = this.directory.resolve("real.sock");
		Path link = Files.createSymbolicLink(this.directory.resolve("link.sock"), socket);
		try (ServerSocketChannel server = bind(socket)) {
			assertThatExceptionOfType(PipeServerTrustException.class)
				.isThrownBy(() -> UnixClientChannel.connect(link))
				.withMessageContaining("is a symbolic link");
		}
	}

	@Test
	void serverRunningAsAnotherUserIsRefusedAfterConnectingEvenWhenItsSocketFileLooksOurs() throws Exception {
		OtherOsUser other = OtherOsUser.require();
		Path socket = startImpostor(other);
		// The impostor's file now passes the owner check; the peer credentials still tell.
		Files.setAttribute(socket, "unix:uid", (int) CurrentUser.uid());
		assertThatExceptionOfType(PipeServerTrustException.class)
			.isThrownBy(() -> UnixClientChannel.connect(socket))
			.satisfies((ex) -> {
				assertThat(ex.getFoundUser()).isEqualTo(OtherOsUser.NAME);
				assertThat(ex.getMessage()).contains("The server at '" + socket + "' runs as user '"
						+ OtherOsUser.NAME + "', not as '" + CurrentUser.name() + "'");
			});
	}

	@Test
	void serverRunningAsTheTrustedUserIsAccepted() throws Exception {
		OtherOsUser other = OtherOsUser.require();
		Path socket = startImpostor(other);
		try (UnixClientChannel client = UnixClientChannel.connect(socket, OtherOsUser.NAME)) {
			client.write(new ByteBuffer[] { ByteBuffer.wrap("echo".getBytes(StandardCharsets.UTF_8)) });
			ByteBuffer echoed = client.read();
			assertThat(echoed).isNotNull();
			assertThat(StandardCharsets.UTF_8.decode(echoed).toString()).startsWith("e");
		}
	}

	@Test
	void trustedUserMayBeGivenByNumericId() throws Exception {
		OtherOsUser other = OtherOsUser.require();
		Path socket = startImpostor(other);
		UnixClientChannel.connect(socket, Long.toString(other.uid())).close();
	}

	/** A server run by the other user: socat echoing what it reads, in a directory both reach. */
	private Path startImpostor(OtherOsUser other) throws IOException {
		this.shared = OtherOsUser.sharedDirectory();
		Path socket = this.shared.resolve("s.sock");
		this.impostor = other.start("/usr/bin/socat", "UNIX-LISTEN:" + socket + ",fork,mode=666", "EXEC:/bin/cat");
		await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
		return socket;
	}

	private static ServerSocketChannel bind(Path socket) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(socket));
		return server;
	}

}
