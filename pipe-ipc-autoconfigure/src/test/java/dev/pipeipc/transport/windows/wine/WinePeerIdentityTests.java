package dev.pipeipc.transport.windows.wine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipeConnectionListener;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipeListener;
import dev.pipeipc.transport.PipePeer;
import dev.pipeipc.transport.PipePeerAuthorizer;
import dev.pipeipc.transport.windows.NamedPipeApi.ClientToken;
import dev.pipeipc.transport.windows.NamedPipeSettings;
import dev.pipeipc.transport.windows.NamedPipeTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * What a Win32 pipe server learns about its client, observed under Wine: the process id and,
 * from the client's access token (impersonation, then {@code RevertToSelf}), its account SID and
 * groups, all before any byte is read; and a client the authorizer refuses is disconnected before
 * the server sees it. Wine runs every process as one account, so a second user cannot be shown
 * here: the refusal is shown with an authorizer that refuses this account's SID.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs under Wine")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WinePeerIdentityTests {

	/** The well-known SID of BUILTIN\Users, in every interactive user's token. */
	private static final String BUILTIN_USERS = "S-1-5-32-545";

	@RegisterExtension
	static final WineBridges bridges = new WineBridges();

	private final String name = "\\\\.\\pipe\\pipe-ipc-wine-peer-" + UUID.randomUUID();

	private final List<PipeConnection> connected = new CopyOnWriteArrayList<>();

	private PipeListener pipe;

	@AfterEach
	void close() {
		if (this.pipe != null) {
			this.pipe.close();
		}
	}

	@Test
	void clientTokenIsReadBeforeAnyByteWithItsAccountSidAndGroups() throws Exception {
		WineNamedPipeApi api = bridges.serverSide();
		long server = api.create(this.name, false, 4, 4096, 4096, null, true);
		long client = bridges.clientSide().clientOpen(this.name);
		try {
			assertThat(api.connect(server)).isTrue();
			ClientToken token = api.clientTokenOrError(server);
			assertThat(token.userSid()).startsWith("S-1-5-21-");
			assertThat(token.groups()).contains(new PipePeer.Group("BUILTIN\\Users", BUILTIN_USERS));
		}
		finally {
			bridges.clientSide().close(client);
			api.close(server);
		}
	}

	@Test
	void connectionKnowsItsClientsProcessAccountAndGroups() throws Exception {
		listen(PipePeerAuthorizer.ALLOW_ALL);
		try (WinePipeClientChannel client = WinePipeClientChannel.open(bridges.clientSide(), this.name)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.connected.isEmpty());
			PipePeer peer = this.connected.get(0).peer();
			assertThat(peer).isNotNull();
			assertThat(peer.processId()).isEqualTo(bridges.clientSide().bridgeProcessId());
			assertThat(peer.user()).isNotNull();
			assertThat(peer.userId()).startsWith("S-1-5-21-");
			assertThat(peer.isInGroup(BUILTIN_USERS)).isTrue();
			assertThat(peer.isInGroup("BUILTIN\\Users")).isTrue();
		}
	}

	@Test
	void clientTheAuthorizerRefusesIsDisconnectedBeforeTheServerSeesIt() throws Exception {
		listen((peer) -> !peer.isInGroup(BUILTIN_USERS));
		try (WinePipeClientChannel client = WinePipeClientChannel.open(bridges.clientSide(), this.name)) {
			assertThatIOException().isThrownBy(() -> {
				client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
				ByteBuffer answer = ByteBuffer.allocate(16);
				if (client.read(answer) < 0) {
					throw new IOException("end of stream");
				}
			});
		}
		assertThat(this.connected).isEmpty();
	}

	@Test
	void clientTheAuthorizerAdmitsBySidIsServed() throws Exception {
		listen((peer) -> peer.userId() != null && peer.userId().startsWith("S-1-5-21-"));
		try (WinePipeClientChannel client = WinePipeClientChannel.open(bridges.clientSide(), this.name)) {
			client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
			ByteBuffer answer = ByteBuffer.allocate(16);
			assertThat(client.read(answer)).isEqualTo(4);
			assertThat(new String(answer.array(), 0, 4, StandardCharsets.UTF_8)).isEqualTo("ping");
		}
		assertThat(this.connected).hasSize(1);
	}

	private void listen(PipePeerAuthorizer authorizer) throws IOException {
		NamedPipeSettings settings = new NamedPipeSettings(4096, 4096, null, false, authorizer);
		this.pipe = new NamedPipeTransport(bridges.serverSide(), settings).listen(
				new PipeListenOptions("peer", this.name, 4, null, false, 1024), new Echo());
	}

	/** Echoes what it reads, and records each connection. */
	private final class Echo implements PipeConnectionListener {

		@Override
		public PipeConnectionHandler connected(PipeConnection connection) {
			WinePeerIdentityTests.this.connected.add(connection);
			return new PipeConnectionHandler() {

				@Override
				public void onData(ByteBuffer data) {
					ByteBuffer copy = ByteBuffer.allocate(data.remaining());
					copy.put(data).flip();
					connection.write(copy);
				}

				@Override
				public void onInputClosed() {
					connection.closeAfterWrites();
				}

				@Override
				public void onClosed() {
				}

				@Override
				public boolean isIdle(long nowNanos, long idleNanos) {
					return false;
				}

			};
		}

		@Override
		public void refused(PipeConnection connection) {
		}

	}

}
