package dev.pipeipc.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.pipeipc.transport.PipeConnectionListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a {@link PipeServer} reacts to what its transport caught and reported through
 * {@link PipeConnectionListener#failed}: every failure is logged as an error naming the pipe and
 * the cause; an unrecoverable one ({@link VirtualMachineError} other than
 * {@link StackOverflowError}) marks the server failed.
 */
@ExtendWith(OutputCaptureExtension.class)
class PipeServerFailureTests {

	private final RecordingTransport transport = new RecordingTransport();

	private final PipeServer server = PipeServer.builder("orders", "/run/orders.sock")
		.transport(this.transport)
		.protocol(TestPipeServer.protocol(false, "orders", false))
		.build();

	@AfterEach
	void close() {
		this.server.close();
	}

	private PipeConnectionListener startedTransportListener() {
		this.server.start();
		return this.transport.connectionListeners.get(0);
	}

	@Test
	void serverIsNotFailedBeforeAnyFailure() {
		startedTransportListener();
		assertThat(this.server.isFailed()).isFalse();
		assertThat(this.server.getFailure()).isNull();
	}

	@Test
	void outOfMemoryErrorMarksTheServerFailedAndLogsAnErrorNamingThePipeAndTheCause(CapturedOutput output) {
		OutOfMemoryError failure = new OutOfMemoryError("Java heap space");
		startedTransportListener().failed(null, failure);
		assertThat(this.server.isFailed()).isTrue();
		assertThat(this.server.getFailure()).isSameAs(failure);
		assertThat(output).contains("ERROR").contains("Pipe server 'orders' is failed")
			.contains("java.lang.OutOfMemoryError: Java heap space");
	}

	@Test
	void internalAndUnknownErrorsMarkTheServerFailed() {
		assertThat(ServerFailures.isUnrecoverable(new InternalError("bad state"))).isTrue();
		assertThat(ServerFailures.isUnrecoverable(new UnknownError("unknown"))).isTrue();
	}

	@Test
	void stackOverflowErrorClosesOnlyItsConnectionAndLeavesTheServerHealthy(CapturedOutput output) {
		startedTransportListener().failed(null, new StackOverflowError());
		assertThat(this.server.isFailed()).isFalse();
		assertThat(output).contains("ERROR").contains("Pipe server 'orders': an I/O thread failed with")
			.contains("java.lang.StackOverflowError");
	}

	@Test
	void exceptionsAndOtherErrorsLeaveTheServerHealthy() {
		PipeConnectionListener listener = startedTransportListener();
		listener.failed(null, new IllegalStateException("handler bug"));
		listener.failed(null, new AssertionError("broken invariant"));
		assertThat(this.server.isFailed()).isFalse();
	}

	@Test
	void firstUnrecoverableErrorIsKeptAndOutlivesARestart() {
		OutOfMemoryError first = new OutOfMemoryError("first");
		startedTransportListener().failed(null, first);
		this.transport.connectionListeners.get(0).failed(null, new OutOfMemoryError("second"));
		this.server.close();
		this.server.start();
		assertThat(this.server.getFailure()).isSameAs(first);
	}

}
