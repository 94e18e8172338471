package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipeListener;
import dev.pipeipc.transport.PipePeer;
import dev.pipeipc.transport.PipePeerAuthorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every accepted connection knows its peer, read once at accept: user and primary group by name
 * and id, every group, and the process id where the kernel tells it; and a peer the authorizer
 * refuses is closed before the server sees the connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixPeerIdentityTests {

	private final List<PipeConnection> connected = new CopyOnWriteArrayList<>();

	private final List<PipePeer> asked = new CopyOnWriteArrayList<>();

	private PipeListener pipe;

	private Path directory;

	private Process otherProcess;

	@AfterEach
	void close() throws IOException {
		if (this.otherProcess != null) {
			this.otherProcess.destroy();
		}
		if (this.pipe != null) {
			this.pipe.close();
		}
		if (this.directory != null) {
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	@Test
	void clientOfTheSameUserIsIdentifiedByNameIdsGroupsAndProcessId() throws IOException {
		Path socket = listen(PipePeerAuthorizer.ALLOW_ALL);
		try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			client.connect(UnixDomainSocketAddress.of(socket));
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.connected.isEmpty());
		}
		PipePeer peer = this.connected.get(0).peer();
		assertThat(peer).isNotNull();
		assertThat(peer.user()).isEqualTo(CurrentUser.name());
		assertThat(peer.userId()).isEqualTo(Long.toString(CurrentUser.uid()));
		assertThat(peer.groupId()).isEqualTo(Long.toString(new com.sun.security.auth.module.UnixSystem().getGid()));
		assertThat(peer.groups()).extracting(PipePeer.Group::id).contains(peer.groupId());
		assertThat(peer.processId()).isEqualTo(ProcessHandle.current().pid());
	}

	@Test
	void clientOfAnotherUserIsIdentifiedWithItsSupplementaryGroupsAndProcess() throws Exception {
		OtherOsUser other = OtherOsUser.require();
		Path socket = listen(PipePeerAuthorizer.ALLOW_ALL);
		this.otherProcess = other.start("/usr/bin/socat", "-t", "30", "UNIX-CONNECT:" + socket, "EXEC:/bin/sleep 30");
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.connected.isEmpty());
		PipePeer peer = this.connected.get(0).peer();
		assertThat(peer).isNotNull();
		assertThat(peer.user()).isEqualTo(OtherOsUser.NAME);
		assertThat(peer.userId()).isEqualTo(Long.toString(other.uid()));
		assertThat(peer.groupId()).isEqualTo(Long.toString(other.gid()));
		assertThat(peer.isInGroup(OtherOsUser.GROUP)).isTrue();
		assertThat(this.otherProcess.descendants().map(ProcessHandle::pid)).contains(peer.processId());
	}

	@Test
	void withoutTheSocketDescriptorIdsAndGroupsComeFromTheUserDatabaseAndTheProcessIdIsUnknown() {
		OtherOsUser other = OtherOsUser.require();
		PipePeer peer = UnixPeers.identify(OtherOsUser.NAME, OtherOsUser.NAME, -1);
		assertThat(peer.userId()).isEqualTo(Long.toString(other.uid()));
		assertThat(peer.groupId()).isEqualTo(Long.toString(other.gid()));
		assertThat(peer.isInGroup(OtherOsUser.GROUP)).isTrue();
		assertThat(peer.processId()).isEqualTo(-1);
	}

	@Test
	void peerTheAuthorizerRefusesIsClosedBeforeTheServerSeesItWhileOthersAreServed() throws Exception {
		OtherOsUser other = OtherOsUser.require();
		Path socket = listen((peer) -> !OtherOsUser.NAME.equals(peer.user()));
		String answer = other.exchange(socket, "hello");
		// The server closed at once: socat read the end, or its write met the closed socket.
		assertThat(answer).satisfiesAnyOf((output) -> assertThat(output).isEmpty(),
				(output) -> assertThat(output).contains("Broken pipe"));
		assertThat(this.asked).extracting(PipePeer::user).containsExactly(OtherOsUser.NAME);
		assertThat(this.connected).isEmpty();
		try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			client.connect(UnixDomainSocketAddress.of(socket));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.connected.size() == 1);
		}
		assertThat(this.connected.get(0).peer().user()).isEqualTo(CurrentUser.name());
	}

	private Path listen(PipePeerAuthorizer authorizer) throws IOException {
		this.directory = Files.createTempDirectory(Path.of("/tmp"), "pipe-peer");
		Files.setAttribute(this.directory, "unix:mode", 0755);
		Path socket = this.directory.resolve("peer.sock");
		PipePeerAuthorizer recording = (peer) -> {
			this.asked.add(peer);
			return authorizer.isAllowed(peer);
		};
		UnixSocketSettings settings = new UnixSocketSettings(PosixFilePermissions.fromString("rw-rw-rw-"), false,
				(authorizer == PipePeerAuthorizer.ALLOW_ALL) ? authorizer : recording);
		this.pipe = new UnixSocketTransport(1, settings).listen(
				new PipeListenOptions("peer", socket.toString(), -1, null, false, 1024),
				new RecordingConnectionListener((connection) -> {
					this.connected.add(connection);
					return new IgnoringHandler();
				}));
		return socket;
	}

}
