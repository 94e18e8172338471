package dev.pipeipc.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.server.TestPipeServer;
import dev.pipeipc.server.jsonrpc.PipeCancellation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler's {@link PipeCancellation} over a real Unix domain socket: a {@link PipeClient} cancels
 * its call, and the handler sees it by polling, or through the callback it registered.
 */
class PipeCancellationSignalTests extends SocketClientTestSupport {

	private final Handlers handlers = new Handlers();

	private PipeClient client;

	@BeforeEach
	void setUp() {
		TestPipeServer server = startServer("signal", this.handlers);
		this.client = client(clientOf(server));
	}

	private static void await(CountDownLatch latch, String what) throws InterruptedException {
		assertThat(latch.await(10, TimeUnit.SECONDS)).as(what).isTrue();
	}

	@Test
	void handlerPollingTheSignalSeesTheClientsCancel() throws InterruptedException {
		CompletableFuture<String> call = this.client.callAsync("poll", null, String.class);
		await(this.handlers.pollStarted, "the handler started polling");
		call.cancel(true);
		await(this.handlers.pollSawCancel, "the handler saw the cancel");
	}

	@Test
	void callbackRegisteredByTheHandlerRunsWhenTheClientCancels() throws InterruptedException {
		CompletableFuture<String> call = this.client.callAsync("watch", null, String.class);
		await(this.handlers.watchRegistered, "the handler registered its callback");
		call.cancel(true);
		await(this.handlers.callbackRan, "the callback ran");
		assertThat(call).isCancelled();
	}

	static class Handlers extends PipeClientContractTests.Handlers {

		final CountDownLatch pollStarted = new CountDownLatch(1);

		final CountDownLatch pollSawCancel = new CountDownLatch(1);

		final CountDownLatch watchRegistered = new CountDownLatch(1);

		final CountDownLatch callbackRan = new CountDownLatch(1);

		@PipeHandler("poll")
		String poll(PipeCancellation cancellation) {
			this.pollStarted.countDown();
			while (!cancellation.isCancelled()) {
				// A step of work between polls; the cancel also interrupts, which ends the park early.
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
			}
			this.pollSawCancel.countDown();
			return "stopped";
		}

		@PipeHandler("watch")
		CompletableFuture<String> watch(PipeCancellation cancellation) {
			CompletableFuture<String> result = new CompletableFuture<>();
			cancellation.onCancel(() -> {
				result.complete("stopped");
				this.callbackRan.countDown();
			});
			this.watchRegistered.countDown();
			return result;
		}

	}

}
