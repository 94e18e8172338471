package dev.pipeipc.transport.unix;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inline runner with real threads but no socket: a handler that waits is handed over at the
 * watchdog's second check, and its thread returns only once the new owner is in place. The
 * watchdog's checks are called by the test, so nothing depends on timing.
 */
class InlineRunnerTests {

	private final AtomicInteger newOwners = new AtomicInteger();

	private final HandOverWatchdog watchdog = new HandOverWatchdog("test-watchdog", List.of(),
			new IoFailures("test", RecordingConnectionListener.withoutConnections()));

	private final InlineRunner runner = new InlineRunner("test-loop", this.watchdog, this.newOwners::incrementAndGet);

	private final CountDownLatch release = new CountDownLatch(1);

	private Thread handler = new Thread(() -> {
	});

	@AfterEach
	void releaseHandler() throws InterruptedException {
		this.release.countDown();
		this.handler.join(5000);
	}

	@Test
	void taskRunsOnTheCallingThreadAndAnInterruptMeantForItIsCleared() {
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		this.runner.run(() -> {
			ranOn.set(Thread.currentThread());
			Thread.currentThread().interrupt();
		});
		assertThat(ranOn.get()).isSameAs(Thread.currentThread());
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		assertThat(this.runner.isSuspended()).isFalse();
	}

	@Test
	void quickRunIsActiveAtOneCheckAndIdleAtTheNext() {
		this.runner.run(() -> {
		});
		assertThat(this.runner.hasActivity()).isTrue();
		assertThat(this.runner.check()).isTrue();
		assertThat(this.runner.check()).isFalse();
		assertThat(this.runner.hasActivity()).isFalse();
		assertThat(this.newOwners).hasValue(0);
	}

	@Test
	void waitingHandlerIsHandedOverAtTheSecondCheckAndInlineRunsAreSuspended() throws InterruptedException {
		startWaitingHandler();
		assertThat(this.runner.check()).isTrue();
		assertThat(this.newOwners).hasValue(0);
		assertThat(this.runner.check()).isTrue();
		assertThat(this.newOwners).hasValue(1);
		assertThat(this.runner.isSuspended()).isTrue();
		this.release.countDown();
		this.handler.join(5000);
		assertThat(this.runner.check()).as("the handed-over run no longer counts").isFalse();
		assertThat(this.newOwners).hasValue(1);
	}

	@Test
	void handedOverThreadReturnsOnlyOnceTheNewOwnerIsInPlace() throws InterruptedException {
		CountDownLatch ownerInPlace = new CountDownLatch(1);
		CountDownLatch handingOver = new CountDownLatch(1);
		InlineRunner slowHandOver = new InlineRunner("test-loop", this.watchdog, () -> {
			handingOver.countDown();
			awaitRelease(ownerInPlace);
		});
		AtomicBoolean returned = new AtomicBoolean();
		this.handler = new Thread(() -> {
			slowHandOver.run(() -> awaitRelease(this.release));
			returned.set(true);
		}, "handler");
		this.handler.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.handler.getState() == Thread.State.WAITING);
		slowHandOver.check();
		Thread watchdogThread = new Thread(slowHandOver::check, "watchdog");
		watchdogThread.start();
		assertThat(handingOver.await(5, TimeUnit.SECONDS)).isTrue();
		this.release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.handler.getState() == Thread.State.BLOCKED);
		assertThat(returned).isFalse();
		ownerInPlace.countDown();
		this.handler.join(5000);
		watchdogThread.join(5000);
		assertThat(returned).isTrue();
	}

	private void startWaitingHandler() {
		this.handler = new Thread(() -> this.runner.run(() -> awaitRelease(this.release)), "handler");
		this.handler.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.handler.getState() == Thread.State.WAITING);
	}

	private static void awaitRelease(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
