package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A selector loop with no connection registered: tasks run on its thread, handlers run inline
 * only there, and a handler that blocks the loop is handed over while the loop goes on running
 * tasks on a new thread. No socket is opened, only a selector.
 */
class SelectorLoopTests {

	private final CountDownLatch release = new CountDownLatch(1);

	private final RecordingConnectionListener listener = RecordingConnectionListener.withoutConnections();

	private final IoFailures failures = new IoFailures("test", this.listener);

	private SelectorLoop loop;

	private HandOverWatchdog watchdog;

	@AfterEach
	void shutdown() {
		this.release.countDown();
		if (this.loop != null) {
			this.loop.shutdown();
		}
		if (this.watchdog != null) {
			this.watchdog.shutdown();
		}
	}

	@Test
	void taskRunsOnTheLoopThreadWhereHandlersRunInline() throws Exception {
		startLoop(true);
		CompletableFuture<Thread> inlineThread = new CompletableFuture<>();
		CompletableFuture<Boolean> ranInline = new CompletableFuture<>();
		this.loop.execute(() -> ranInline.complete(this.loop.executeInline(() -> {
			assertThat(this.loop.inLoop()).isTrue();
			inlineThread.complete(Thread.currentThread());
		})));
		assertThat(ranInline.get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(inlineThread.get(5, TimeUnit.SECONDS).getName()).isEqualTo("test-io-0");
	}

	@Test
	void handlerIsNotRunInlineOffTheLoopThread() throws IOException {
		startLoop(true);
		assertThat(this.loop.inLoop()).isFalse();
		assertThat(this.loop.executeInline(() -> {
			throw new AssertionError("must not run");
		})).isFalse();
	}

	@Test
	void withoutAWatchdogNoHandlerRunsInline() throws Exception {
		startLoop(false);
		CompletableFuture<Boolean> ranInline = new CompletableFuture<>();
		this.loop.execute(() -> ranInline.complete(this.loop.executeInline(() -> {
			throw new AssertionError("must not run");
		})));
		assertThat(ranInline.get(5, TimeUnit.SECONDS)).isFalse();
	}

	@Test
	void blockingHandlerIsHandedOverAndANewThreadRunsTheLoop() throws Exception {
		startLoop(true);
		CompletableFuture<Thread> blocked = new CompletableFuture<>();
		this.loop.execute(() -> this.loop.executeInline(() -> {
			blocked.complete(Thread.currentThread());
			awaitRelease();
		}));
		Thread first = blocked.get(5, TimeUnit.SECONDS);
		CompletableFuture<Thread> next = new CompletableFuture<>();
		this.loop.execute(() -> next.complete(Thread.currentThread()));
		assertThat(next.get(5, TimeUnit.SECONDS)).as("the loop's new owner").isNotSameAs(first);
		assertThat(first.isAlive()).as("the old owner still runs its handler").isTrue();
		CompletableFuture<Boolean> inlineAfterHandOver = new CompletableFuture<>();
		this.loop.execute(() -> inlineAfterHandOver.complete(this.loop.executeInline(() -> {
		})));
		assertThat(inlineAfterHandOver.get(5, TimeUnit.SECONDS)).as("inline runs suspended after a hand-over")
			.isFalse();
		this.release.countDown();
		first.join(5000);
		assertThat(first.isAlive()).as("the old owner ends with its handler").isFalse();
	}

	@Test
	void errorsThrownByTasksAndInlineHandlersAreReportedAndTheLoopGoesOn() throws Exception {
		startLoop(true);
		this.loop.execute(() -> {
			throw new StackOverflowError("deliberate, from a task");
		});
		this.loop.execute(() -> this.loop.executeInline(() -> {
			throw new OutOfMemoryError("deliberate, from a handler run inline");
		}));
		CompletableFuture<Thread> next = new CompletableFuture<>();
		this.loop.execute(() -> next.complete(Thread.currentThread()));
		assertThat(next.get(5, TimeUnit.SECONDS).getName()).isEqualTo("test-io-0");
		assertThat(this.listener.failures()).extracting(RecordingConnectionListener.Failure::failure)
			.satisfiesExactly((error) -> assertThat(error).isInstanceOf(StackOverflowError.class),
					(error) -> assertThat(error).isInstanceOf(OutOfMemoryError.class));
		assertThat(this.listener.failures()).allSatisfy((failure) -> assertThat(failure.connection()).isNull());
	}

	private void startLoop(boolean inline) throws IOException {
		this.loop = new SelectorLoop("test-io-0", 0, this.failures);
		if (inline) {
			this.watchdog = new HandOverWatchdog("test-watchdog", List.of(this.loop), this.failures);
			this.loop.enableInline(this.watchdog);
			this.watchdog.start();
		}
		this.loop.start();
	}

	private void awaitRelease() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
