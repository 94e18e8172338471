package dev.pipeipc.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.pipeipc.codec.FrameError;
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

	@Test
	void onFailureRunsOnceWithTheFirstUnrecoverableErrorOnANonDaemonThreadOfItsOwn() throws InterruptedException {
		List<String> runs = new CopyOnWriteArrayList<>();
		CountDownLatch ran = new CountDownLatch(1);
		PipeServer failing = PipeServer.builder("orders", "/run/orders.sock")
			.transport(this.transport)
			.protocol(TestPipeServer.protocol(false, "orders", false))
			.onFailure((error) -> {
				Thread thread = Thread.currentThread();
				runs.add(error.getMessage() + " on " + thread.getName() + (thread.isDaemon() ? " (daemon)" : ""));
				ran.countDown();
			})
			.build();
		try {
			failing.start();
			PipeConnectionListener listener = this.transport.connectionListeners.get(0);
			listener.failed(null, new IllegalStateException("not unrecoverable"));
			listener.failed(null, new OutOfMemoryError("first"));
			listener.failed(null, new OutOfMemoryError("second"));
			assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(runs).containsExactly("first on pipe-orders-failed");
		}
		finally {
			failing.close();
		}
	}

	@Test
	void handlerThatThrowsOutOfMemoryErrorMarksTheServerFailedOtherErrorsDoNot() {
		PipeProtocol protocol = TestPipeServer.protocol(false, "orders", false);
		RecordingFailureListener protocolListener = new RecordingFailureListener();
		PipeServer server = PipeServer.builder("orders", "/run/orders.sock")
			.transport(this.transport)
			.protocol(new PipeProtocolWithListener(protocol, protocolListener))
			.build();
		protocolListener.listener.accept(new AssertionError("handler assertion"));
		assertThat(server.isFailed()).isFalse();
		protocolListener.listener.accept(new OutOfMemoryError("in a handler"));
		assertThat(server.isFailed()).isTrue();
		assertThat(server.getFailure()).hasMessage("in a handler");
	}

	/**
	 * Keeps the listener the server gives its protocol.
	 */
	static final class RecordingFailureListener {

		Consumer<Throwable> listener = (ex) -> {
		};

	}

	/**
	 * A protocol that hands the server's failure listener to a recorder.
	 */
	record PipeProtocolWithListener(PipeProtocol delegate, RecordingFailureListener recorder) implements PipeProtocol {

		@Override
		public void setFailureListener(Consumer<Throwable> listener) {
			this.recorder.listener = listener;
		}

		@Override
		public SessionHandler open(PipeSession session) {
			return this.delegate.open(session);
		}

		@Override
		public byte @Nullable [] frameErrorReply(FrameError error) {
			return this.delegate.frameErrorReply(error);
		}

		@Override
		public byte @Nullable [] refusalReply(String reason) {
			return this.delegate.refusalReply(reason);
		}

	}

}
