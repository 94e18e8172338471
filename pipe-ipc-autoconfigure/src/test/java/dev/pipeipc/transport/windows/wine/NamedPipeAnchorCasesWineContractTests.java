package dev.pipeipc.transport.windows.wine;

import java.io.IOException;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.PipeTransportAnchorCasesContractTests;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.windows.NamedPipeSettings;
import dev.pipeipc.transport.windows.NamedPipeTransport;

/**
 * The anchors' cases on the Win32 named pipe transport, every pipe call performed by Win32 under
 * Wine: the server's in one bridge process, the clients' in another.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs under Wine; Windows runs the JNA contract tests")
class NamedPipeAnchorCasesWineContractTests extends PipeTransportAnchorCasesContractTests {

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
	protected String addressOverThePlatformLimit() {
		// Windows limits a pipe name to 256 characters.
		return "\\\\.\\pipe\\" + "p".repeat(300);
	}

	@Override
	protected PipeTestClient connect(String address, Framing framing) throws IOException {
		return PipeTestClient.over(WinePipeClientChannel.open(bridges.clientSide(), address), framing);
	}

}
