package dev.pipeipc.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.SmartLifecycle;

import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.RecordingTransport;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PipeServerLifecycle} over servers on a {@link RecordingTransport}: no socket, no context.
 */
class PipeServerLifecycleTests {

	private final RecordingTransport transport = new RecordingTransport();

	private final Map<String, Object> beans = new LinkedHashMap<>();

	private PipeServerLifecycle lifecycle() {
		return new PipeServerLifecycle(new StaticListableBeanFactory(this.beans).getBeanProvider(PipeServer.class));
	}

	private PipeServer server(String name) {
		PipeServer server = PipeServer.builder(name, "/run/" + name + ".sock")
			.transport(this.transport)
			.protocol(TestPipeServer.protocol(false, name, false))
			.build();
		this.beans.put(name + "PipeServer", server);
		return server;
	}

	@Test
	void runsInTheGracefulShutdownPhase() {
		assertThat(lifecycle().getPhase()).isEqualTo(PipeServerLifecycle.GRACEFUL_SHUTDOWN_PHASE)
			.isEqualTo(SmartLifecycle.DEFAULT_PHASE - 1024);
	}

	@Test
	void startStartsEveryServerBean() {
		PipeServer orders = server("orders");
		PipeServer billing = server("billing");
		PipeServerLifecycle lifecycle = lifecycle();
		lifecycle.start();
		assertThat(lifecycle.isRunning()).isTrue();
		assertThat(orders.isRunning()).isTrue();
		assertThat(billing.isRunning()).isTrue();
		assertThat(this.transport.listened).containsExactlyInAnyOrder("/run/orders.sock", "/run/billing.sock");
	}

	@Test
	void stopWithCallbackDrainsEveryServerThenCallsBackOnce() throws InterruptedException {
		PipeServer orders = server("orders");
		PipeServer billing = server("billing");
		PipeServerLifecycle lifecycle = lifecycle();
		lifecycle.start();
		CountDownLatch stopped = new CountDownLatch(1);
		lifecycle.stop(stopped::countDown);
		assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(lifecycle.isRunning()).isFalse();
		assertThat(orders.isRunning()).isFalse();
		assertThat(billing.isRunning()).isFalse();
		assertThat(this.transport.calls).containsSubsequence("stopAccepting /run/orders.sock", "close /run/orders.sock")
			.containsSubsequence("stopAccepting /run/billing.sock", "close /run/billing.sock");
	}

	@Test
	void stopWithoutServersCallsBackAtOnce() {
		PipeServerLifecycle lifecycle = lifecycle();
		lifecycle.start();
		boolean[] called = new boolean[1];
		lifecycle.stop(() -> called[0] = true);
		assertThat(called[0]).isTrue();
	}

	@Test
	void stopStopsEveryServerBeforeReturning() {
		PipeServer orders = server("orders");
		PipeServerLifecycle lifecycle = lifecycle();
		lifecycle.start();
		lifecycle.stop();
		assertThat(orders.isRunning()).isFalse();
		assertThat(this.transport.calls).containsExactly("stopAccepting /run/orders.sock", "close /run/orders.sock");
	}

}
