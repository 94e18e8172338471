package dev.pipeipc.server;

import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.pipeipc.codec.Framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link PipeServerBuilder}: defaults, and a message naming the pipe and the bad value for each
 * setting it refuses. Nothing is bound.
 */
class PipeServerBuilderTests {

	private final RecordingTransport transport = new RecordingTransport();

	private PipeServerBuilder builder() {
		return PipeServer.builder("orders", "/run/orders.sock")
			.transport(this.transport)
			.protocol(TestPipeServer.protocol(false, "orders", false));
	}

	private void assertRefused(UnaryOperator<PipeServerBuilder> setting, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> setting.apply(builder()).build()).withMessage(message);
	}

	@Test
	void defaultsAreThoseOfTheSettings() {
		PipeServer server = builder().build();
		assertThat(server.getSettings()).isEqualTo(PipeServerSettings.of("orders", "/run/orders.sock"));
		assertThat(server.getShutdownGracePeriod()).isEqualTo(PipeServerBuilder.DEFAULT_SHUTDOWN_GRACE_PERIOD);
		assertThat(server.isRunning()).isFalse();
		assertThat(this.transport.listened).as("building binds nothing").isEmpty();
	}

	@Test
	void settingsAreKept() {
		PipeServer server = builder().framing(Framing.NEWLINE)
			.maxMessageSize(1024)
			.maxConnections(3)
			.idleTimeout(Duration.ofSeconds(5))
			.maxThreads(7)
			.maxPendingRequests(9)
			.shutdownGracePeriod(Duration.ofSeconds(2))
			.build();
		assertThat(server.getSettings()).isEqualTo(new PipeServerSettings("orders", "/run/orders.sock",
				Framing.NEWLINE, 1024, 3, Duration.ofSeconds(5), 7, false, 9));
		assertThat(server.getShutdownGracePeriod()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void maxMessageSizeMustBePositive() {
		assertRefused((b) -> b.maxMessageSize(0), "Pipe server 'orders' cannot use 0 bytes as its max message size;"
				+ " it must be between 1 and 2147483639 bytes.");
	}

	@Test
	void maxConnectionsMustBePositiveOrMinusOne() {
		assertRefused((b) -> b.maxConnections(0),
				"Pipe server 'orders' cannot use 0 as its max connections; it must be at least 1, or -1 for no limit.");
	}

	@Test
	void idleTimeoutMustBePositive() {
		assertRefused((b) -> b.idleTimeout(Duration.ZERO),
				"Pipe server 'orders' cannot use PT0S as its idle timeout; it must be positive, or null for none.");
	}

	@Test
	void maxThreadsMustBePositive() {
		assertRefused((b) -> b.maxThreads(-2),
				"Pipe server 'orders' cannot use -2 as its max threads; it must be at least 1.");
	}

	@Test
	void maxPendingRequestsMustBePositive() {
		assertRefused((b) -> b.maxPendingRequests(0),
				"Pipe server 'orders' cannot use 0 as its max pending requests; it must be at least 1.");
	}

	@Test
	void shutdownGracePeriodMustNotBeNegative() {
		assertRefused((b) -> b.shutdownGracePeriod(Duration.ofSeconds(-1)),
				"Pipe server 'orders' cannot use PT-1S as its shutdown grace period; it must be zero or more.");
	}

	@Test
	void blankNameIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PipeServer.builder(" ", "/run/x.sock").build())
			.withMessage("A pipe server needs a name, but was given ' '.");
	}

	@Test
	void transportIsRequired() {
		assertThatIllegalStateException()
			.isThrownBy(() -> PipeServer.builder("orders", "/run/orders.sock")
				.protocol(TestPipeServer.protocol(false, "orders", false))
				.build())
			.withMessage("Pipe server 'orders' needs a transport; set one on its builder.");
	}

}
