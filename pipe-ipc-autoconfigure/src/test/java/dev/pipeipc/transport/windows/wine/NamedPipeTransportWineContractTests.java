package dev.pipeipc.transport.windows.wine;

import java.io.IOException;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
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

	@RegisterExtension
	static final WineBridges bridges = new WineBridges();

	@Override
	protected PipeTransport transport() {
		return new NamedPipeTransport(bridges.serverSide(), NamedPipeSettings.defaults());
	}

	@Override
	protected String newAddress() {
		return "\\\\.\\pipe\\" + uniqueName();
	}

	@Override
	protected PipeTestClient connect(String address, Framing framing) throws IOException {
		return PipeTestClient.over(WinePipeClientChannel.open(bridges.clientSide(), address), framing);
	}

	@Override
	protected void assertClientBeyondMaxInstancesIsRefused(String address) {
		assertThatExceptionOfType(NamedPipeException.class).isThrownBy(() -> bridges.clientSide().clientOpen(address))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(NamedPipeApi.ERROR_PIPE_BUSY));
		assertThatExceptionOfType(NamedPipeException.class).isThrownBy(() -> bridges.clientSide().clientWait(address, 200))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(NamedPipeApi.ERROR_SEM_TIMEOUT));
	}

	@Override
	protected void assertPeerIdentity(JsonNode peer) {
		assertThat(peer.get(1).asLong()).isEqualTo(bridges.clientSide().bridgeProcessId());
	}

}
