package dev.pipeipc.transport.windows.wine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import dev.pipeipc.transport.PipeServerTrustException;
import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeClientChannel;
import dev.pipeipc.transport.windows.NamedPipeSettings;
import dev.pipeipc.transport.windows.NamedPipeTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A Win32 pipe client talks only to a server running as its own account (or the trusted one), as
 * .NET's {@code CurrentUserOnly}: the server process's account is read with
 * {@code GetNamedPipeServerProcessId} and its token, under Wine. Wine runs every process as one
 * account, so the other account is played by a client that reports a different SID as its own.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs under Wine")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WinePipeClientServerTrustTests {

	private static final String OTHER_ACCOUNT = "S-1-5-21-1-2-3-4242";

	@RegisterExtension
	static final WineBridges bridges = new WineBridges();

	private final String name = "\\\\.\\pipe\\pipe-ipc-wine-trust-" + UUID.randomUUID();

	private PipeListener pipe;

	@BeforeEach
	void listen() throws IOException {
		this.pipe = new NamedPipeTransport(bridges.serverSide(), NamedPipeSettings.defaults())
			.listen(new PipeListenOptions("trust", this.name, 4, null, false, 1024), new Silent());
	}

	@AfterEach
	void close() {
		this.pipe.close();
	}

	@Test
	void serverAccountIsReadAndEqualsTheClientsOwn() {
		WineNamedPipeApi client = bridges.clientSide();
		assertThat(client.currentAccountSid()).startsWith("S-1-5-21-");
		assertThat(client.currentAccountSid()).isEqualTo(bridges.serverSide().currentAccountSid());
	}

	@Test
	void serverOfTheSameAccountIsAccepted() throws IOException {
		NamedPipeClientChannel.connect(bridges.clientSide(), this.name, false, 1024, deadline(), null).close();
	}

	@Test
	void serverOfAnotherAccountIsRefusedNamingBothAccounts() {
		String serverAccount = bridges.serverSide().currentAccountSid();
		assertThatExceptionOfType(PipeServerTrustException.class)
			.isThrownBy(() -> NamedPipeClientChannel.connect(new OtherAccount(bridges.clientSide()), this.name, false,
					1024, deadline(), null))
			.satisfies((ex) -> {
				assertThat(ex.getFoundUser()).isEqualTo(serverAccount);
				assertThat(ex.getMessage()).contains("pipe '" + this.name + "' runs as account " + serverAccount,
						"not as this process's " + OTHER_ACCOUNT, "impostor");
			});
	}

	@Test
	void serverOfTheTrustedAccountIsAccepted() throws IOException {
		NamedPipeClientChannel.connect(new OtherAccount(bridges.clientSide()), this.name, false, 1024, deadline(),
				bridges.serverSide().currentAccountSid()).close();
	}

	private static long deadline() {
		return System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
	}

	/** A client that says it runs as another account. */
	private static final class OtherAccount extends DelegatingNamedPipeApi {

		OtherAccount(NamedPipeApi delegate) {
			super(delegate);
		}

		@Override
		public @Nullable String currentAccountSid() {
			return OTHER_ACCOUNT;
		}

	}

	/** Accepts connections and ignores what they send. */
	private static final class Silent implements PipeConnectionListener {

		@Override
		public PipeConnectionHandler connected(PipeConnection connection) {
			return new PipeConnectionHandler() {

				@Override
				public void onData(ByteBuffer data) {
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
