package dev.pipeipc.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ElasticThreadPool} and its {@link HeldWorkerWatchdog}, on real threads.
 */
class ElasticThreadPoolTests {

	private static final int MAX_THREADS = 64;

	private ElasticThreadPool pool = ElasticThreadPool.create(MAX_THREADS, "pool-test-");

	@AfterEach
	void shutdown() throws InterruptedException {
		this.pool.shutdownNow();
		assertThat(this.pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void parallelismIsTheNumberOfProcessorsAtMostTheMaximum() {
		assertThat(this.pool.getParallelism())
			.isEqualTo(Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
		ElasticThreadPool single = ElasticThreadPool.create(1, "pool-test-single-");
		try {
			assertThat(single.getParallelism()).isEqualTo(1);
		}
		finally {
			single.shutdownNow();
		}
	}

	/**
	 * The structural bound: threads beyond the parallelism start only for tasks that wait (these
	 * never do) or stay runnable for ten check intervals (these take microseconds).
	 */
	@Test
	void aBurstOfTasksThatNeverBlockStartsNoMoreWorkersThanTheParallelism() throws InterruptedException {
		int tasks = 1000;
		CountDownLatch done = new CountDownLatch(tasks);
		LongAdder work = new LongAdder();
		for (int i = 0; i < tasks; i++) {
			int value = i;
			this.pool.execute(() -> {
				work.add(value);
				done.countDown();
			});
		}
		assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(work.sum()).isEqualTo(tasks * (tasks - 1L) / 2);
		assertThat(this.pool.getLargestPoolSize()).isLessThanOrEqualTo(this.pool.getParallelism());
	}

	@Test
	void tasksThatBlockGetAThreadEachUpToTheMaximum() throws InterruptedException {
		int tasks = MAX_THREADS;
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger waiting = new AtomicInteger();
		for (int i = 0; i < tasks; i++) {
			this.pool.execute(() -> {
				waiting.incrementAndGet();
				awaitQuietly(release);
			});
		}
		// Every task waits until all of them run at once, which takes a thread each.
		Awaitility.await("all blocking tasks to run at once").atMost(Duration.ofSeconds(30)).until(() -> waiting.get() == tasks);
		assertThat(this.pool.getPoolSize()).isEqualTo(MAX_THREADS);
		assertThat(this.pool.getStartedForHeldWorkers()).isEqualTo(MAX_THREADS - this.pool.getParallelism());
		release.countDown();
	}

	@Test
	void aTaskWaitingForAQueuedTaskIsNotDeadlocked() throws InterruptedException {
		int parallelism = this.pool.getParallelism();
		CountDownLatch queuedTaskRan = new CountDownLatch(1);
		CountDownLatch waitersDone = new CountDownLatch(parallelism);
		for (int i = 0; i < parallelism; i++) {
			this.pool.execute(() -> {
				awaitQuietly(queuedTaskRan);
				waitersDone.countDown();
			});
		}
		this.pool.execute(queuedTaskRan::countDown);
		assertThat(waitersDone.await(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void idleWorkersEndAfterTheKeepAlive() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool = ElasticThreadPool.create(MAX_THREADS, Duration.ofMillis(50), "pool-test-keep-alive-");
		CountDownLatch done = new CountDownLatch(1);
		this.pool.execute(done::countDown);
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		Awaitility.await("the idle worker to end").atMost(Duration.ofSeconds(10)).until(() -> this.pool.getPoolSize() == 0);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
