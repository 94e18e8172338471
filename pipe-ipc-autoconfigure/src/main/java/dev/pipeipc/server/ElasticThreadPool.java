package dev.pipeipc.server;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A worker pool that reuses an idle thread when there is one, starts another (up to the maximum)
 * when there is none, and queues only when the maximum is reached. A plain
 * {@link ThreadPoolExecutor} does the opposite of what request handling needs: with an unbounded
 * queue it never grows beyond its core size, and with core size equal to the maximum it starts a
 * new thread for every task until the maximum is reached, even when threads are idle.
 */
final class ElasticThreadPool {

	private static final long KEEP_ALIVE_SECONDS = 60;

	private ElasticThreadPool() {
	}

	static ThreadPoolExecutor create(int maxThreads, String threadNamePrefix) {
		HandOffQueue queue = new HandOffQueue();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(0, maxThreads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, queue,
				WorkerThreads.platform(threadNamePrefix), (task, executor) -> {
					if (executor.isShutdown()) {
						throw new RejectedExecutionException("Worker pool '" + threadNamePrefix + "' is shut down");
					}
					queue.enqueue(task);
				});
		queue.pool = pool;
		return pool;
	}

	/**
	 * Hands a task to a waiting worker, or declines it so the executor starts a new thread while
	 * below the maximum; queues it otherwise.
	 */
	@SuppressWarnings("serial")
	private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {

		private transient volatile @Nullable ThreadPoolExecutor pool;

		@Override
		public boolean offer(Runnable task) {
			if (tryTransfer(task)) {
				return true;
			}
			ThreadPoolExecutor executor = this.pool;
			if (executor != null && executor.getPoolSize() < executor.getMaximumPoolSize()) {
				return false;
			}
			return super.offer(task);
		}

		void enqueue(Runnable task) {
			super.offer(task);
		}

	}

}
