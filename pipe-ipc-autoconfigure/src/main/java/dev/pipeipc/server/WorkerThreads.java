package dev.pipeipc.server;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the threads that run handlers: named platform threads, or virtual threads. The library
 * runs on Java 17, so virtual threads (Java 21) are reached by reflection.
 */
final class WorkerThreads {

	private WorkerThreads() {
	}

	/**
	 * Name platform threads {@code <prefix>1}, {@code <prefix>2}, and so on.
	 * @param prefix the name prefix
	 * @return the factory
	 */
	static ThreadFactory platform(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(false);
			return thread;
		};
	}

	/**
	 * Whether this JVM has virtual threads.
	 * @return {@code true} on Java 21 and later
	 */
	static boolean virtualThreadsAvailable() {
		return Runtime.version().feature() >= 21;
	}

	/**
	 * An executor that starts a virtual thread per task.
	 * @param prefix the thread name prefix
	 * @return the executor
	 * @throws IllegalStateException if this JVM has no virtual threads
	 */
	static ExecutorService virtualThreadPerTask(String prefix) {
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
			ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
			return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
				.invoke(null, factory);
		}
		catch (ReflectiveOperationException ex) {
			Throwable cause = (ex instanceof InvocationTargetException target) ? target.getCause() : ex;
			throw new IllegalStateException("Virtual threads need Java 21 or later, but this is Java "
					+ Runtime.version().feature() + ".", cause);
		}
	}

}
