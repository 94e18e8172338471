package dev.pipeipc.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.pipeipc.transport.ClientChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ConnectRetry} over a connector that fails as often as the test says.
 */
class ConnectRetryTests {

	private final FakeClientChannel channel = new FakeClientChannel();

	private final AtomicInteger attempts = new AtomicInteger();

	private ChannelConnector failingTimes(int failures) {
		return (deadline) -> {
			if (this.attempts.incrementAndGet() <= failures) {
				throw new IOException("No such file or directory");
			}
			return this.channel;
		};
	}

	@Test
	void missingPipeIsTriedAgainUntilItAppears() {
		ConnectRetry retry = new ConnectRetry("orders", "/run/orders.sock", Duration.ofSeconds(10), failingTimes(3));
		ClientChannel opened = retry.open();
		assertThat(opened).isSameAs(this.channel);
		assertThat(this.attempts).hasValue(4);
	}

	@Test
	void pipeThatStaysMissingFailsAfterTheConnectTimeoutNamingPipeAddressTimeoutAndCause() {
		ConnectRetry retry = new ConnectRetry("orders", "/run/orders.sock", Duration.ofMillis(100),
				failingTimes(Integer.MAX_VALUE));
		long start = System.nanoTime();
		assertThatExceptionOfType(PipeConnectException.class).isThrownBy(retry::open)
			.withMessage("Cannot connect to pipe 'orders' at '/run/orders.sock' within 100 ms: No such file or directory."
					+ " Is the server running?")
			.withCauseInstanceOf(IOException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100))
			.isLessThan(Duration.ofSeconds(5));
		assertThat(this.attempts.get()).isGreaterThan(1);
	}

	@Test
	void connectorIsGivenTheConnectDeadline() {
		long before = System.nanoTime();
		long[] deadline = new long[1];
		ConnectRetry retry = new ConnectRetry("orders", "addr", Duration.ofSeconds(3), (given) -> {
			deadline[0] = given;
			return this.channel;
		});
		retry.open();
		assertThat(deadline[0] - before).isBetween(Duration.ofSeconds(3).toNanos(), Duration.ofSeconds(4).toNanos());
	}

	@Test
	void interruptedThreadStopsTryingWithPipeConnectException() {
		ConnectRetry retry = new ConnectRetry("orders", "/run/orders.sock", Duration.ofSeconds(10),
				failingTimes(Integer.MAX_VALUE));
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(PipeConnectException.class).isThrownBy(retry::open)
				.withMessageContaining("Interrupted while connecting to pipe 'orders'");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

}
