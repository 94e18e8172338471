package dev.pipeipc.transport.windows;

import java.io.IOException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.PipeTransportContractTests;
import dev.pipeipc.transport.PipeTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The transport contract on real Win32 named pipes through JNA: what Linux CI checks under Wine,
 * checked against Windows itself, including the JNA bindings.
 */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class NamedPipeTransportJnaContractTests extends PipeTransportContractTests {

	private final JnaNamedPipeApi api = new JnaNamedPipeApi();

	@Override
	protected PipeTransport transport() {
		return new NamedPipeTransport(this.api, NamedPipeSettings.defaults());
	}

	@Override
	protected String newAddress() {
		return "\\\\.\\pipe\\" + uniqueName();
	}

	@Override
	protected PipeTestClient connect(String address, Framing framing) throws IOException {
		return PipeTestClient.over(JnaPipeClientChannel.open(address), framing);
	}

	@Override
	protected void assertClientBeyondMaxInstancesIsRefused(String address) {
		assertThatExceptionOfType(NamedPipeException.class).isThrownBy(() -> JnaPipeClientChannel.open(address))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(NamedPipeApi.ERROR_PIPE_BUSY));
	}

	@Override
	protected void assertPeerIdentity(JsonNode peer) {
		assertThat(peer.get(1).asLong()).isEqualTo(ProcessHandle.current().pid());
		assertThat(peer.get(0).asString()).isEqualToIgnoringCase(System.getProperty("user.name"));
	}

}
