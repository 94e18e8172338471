package dev.pipeipc.transport;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate a listener asks at accept: it fails closed (an unidentified peer, an authorizer that
 * throws) and does not let a client connecting in a loop flood the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class PeerGateTests {

	private static final PipePeer MALLORY = new PipePeer("mallory", "mallory", 66, "1066", "1066", List.of());

	@Test
	void everyPeerPassesTheDefaultGateEvenUnidentified() {
		assertThat(new PeerGate("orders", PipePeerAuthorizer.ALLOW_ALL).admits(null)).isTrue();
	}

	@Test
	void unidentifiedPeerIsRefusedWhenAnAuthorizerDecides() {
		assertThat(new PeerGate("orders", (peer) -> true).admits(null)).isFalse();
	}

	@Test
	void authorizerThatThrowsRefusesAndTheLogSaysWhy(CapturedOutput output) {
		PeerGate gate = new PeerGate("orders", (peer) -> {
			throw new IllegalStateException("directory unavailable");
		});
		assertThat(gate.admits(MALLORY)).isFalse();
		assertThat(output).contains("Pipe 'orders' refused a connection from user 'mallory' (id 1066, pid 66)",
				"the authorizer failed (java.lang.IllegalStateException: directory unavailable)");
	}

	@Test
	void refusalsInALoopAreWarnedOnceThenCounted(CapturedOutput output) {
		PeerGate gate = new PeerGate("orders", (peer) -> false);
		for (int i = 0; i < 100; i++) {
			assertThat(gate.admits(MALLORY)).isFalse();
		}
		assertThat(output.toString().lines().filter((line) -> line.contains("WARN")
				&& line.contains("refused a connection from user 'mallory'"))).hasSize(1);
	}

}
