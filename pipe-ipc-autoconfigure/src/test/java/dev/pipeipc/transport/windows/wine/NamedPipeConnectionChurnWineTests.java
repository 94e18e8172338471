package dev.pipeipc.transport.windows.wine;

import java.io.IOException;
import java.util.UUID;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.ConnectionChurnContractTests;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.windows.NamedPipeSettings;
import dev.pipeipc.transport.windows.NamedPipeTransport;

/**
 * Connection churn on the Win32 named pipe transport under Wine. The pipe handles live in the
 * bridge processes, so the descriptors counted are the JVM's own; the threads include the reader
 * and writer thread each connection has on this transport.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs under Wine")
class NamedPipeConnectionChurnWineTests extends ConnectionChurnContractTests {

	@RegisterExtension
	static final WineBridges bridges = new WineBridges();

	@Override
	protected PipeTransport transport() {
		return new NamedPipeTransport(bridges.serverSide(), NamedPipeSettings.defaults());
	}

	@Override
	protected String newAddress() {
		return "\\\\.\\pipe\\churn-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Override
	protected PipeTestClient connect(String address) throws IOException {
		return PipeTestClient.over(WinePipeClientChannel.open(bridges.clientSide(), address), Framing.CONTENT_LENGTH);
	}

}
