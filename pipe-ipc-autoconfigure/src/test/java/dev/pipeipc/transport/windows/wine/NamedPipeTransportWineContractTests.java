package dev.pipeipc.transport.windows.wine;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.PipeTransportContractTests;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeException;
import dev.pipeipc.transport.windows.NamedPipeSettings;
import dev.pipeipc.transport.windows.NamedPipeTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The transport contract on the Win32 named pipe transport, with every pipe call performed for
 * real by Win32 under Wine: the server's calls in one bridge process, the clients' in another.
 * Beyond the instance limit Windows itself answers {@code ERROR_PIPE_BUSY}; the peer is identified
 * by process id.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs under Wine; Windows runs the JNA contract tests")
class NamedPipeTransportWineContractTests extends PipeTransportContractTests {

	private static WineNamedPipeApi serverSide;

	private static WineNamedPipeApi clientSide;

	@BeforeAll
	static void startBridges() throws IOException {
		WineToolchain.get().assumeAvailable();
		serverSide = WineNamedPipeApi.start();
		clientSide = WineNamedPipeApi.start();
	}

	@AfterAll
	static void stopBridges() {
		if (clientSide != null) {
			clientSide.close();
		}
		if (serverSide != null) {
			serverSide.close();
		}
	}

	@Override
	protected PipeTransport transport() {
		return new NamedPipeTransport(serverSide, NamedPipeSettings.defaults());
	}

	@Override
	protected String newAddress() {
		return "\\\\.\\pipe\\" + uniqueName();
	}

	@Override
	protected PipeTestClient connect(String address, Framing framing) throws IOException {
		return PipeTestClient.over(WinePipeClientChannel.open(clientSide, address), framing);
	}

	@Override
	protected void assertClientBeyondMaxInstancesIsRefused(String address) {
		assertThatExceptionOfType(NamedPipeException.class).isThrownBy(() -> clientSide.clientOpen(address))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(NamedPipeApi.ERROR_PIPE_BUSY));
		assertThatExceptionOfType(NamedPipeException.class).isThrownBy(() -> clientSide.clientWait(address, 200))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(NamedPipeApi.ERROR_SEM_TIMEOUT));
	}

	@Override
	protected void assertPeerIdentity(JsonNode peer) {
		assertThat(peer.get(1).asLong()).isEqualTo(clientSide.bridgeProcessId());
	}

}
