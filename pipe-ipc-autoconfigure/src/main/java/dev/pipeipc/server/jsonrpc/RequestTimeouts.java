package dev.pipeipc.server.jsonrpc;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;

/**
 * The request timeouts of one server: the server's own, overridden by a handler's
 * ({@link PipeHandlerMethod#getTimeout()}), and the one timer thread that fires them. The thread is
 * started on the first timed request and ends after a second without one, so a server without
 * timeouts has none.
 */
final class RequestTimeouts {

	private final String serverId;

	private final String pipeName;

	private final PipeHandlerRegistry registry;

	private final @Nullable Duration serverTimeout;

	private @Nullable ScheduledThreadPoolExecutor timer;

	RequestTimeouts(String serverId, String pipeName, PipeHandlerRegistry registry, @Nullable Duration serverTimeout) {
		this.serverId = serverId;
		this.pipeName = pipeName;
		this.registry = registry;
		this.serverTimeout = serverTimeout;
	}

	/**
	 * The timeout of a method of this server.
	 * @param method the JSON-RPC method name
	 * @return its handler's timeout, else the server's, or {@code null} for none (also for an
	 * unknown method, which is answered at once)
	 */
	@Nullable Duration timeoutFor(String method) {
		PipeHandlerMethod endpoint = this.registry.find(this.serverId, method);
		if (endpoint == null) {
			return null;
		}
		Duration own = endpoint.getTimeout();
		return (own != null) ? own : this.serverTimeout;
	}

	/**
	 * Run a task when a timeout expires.
	 * @param timeout the timeout
	 * @param task what to do then
	 * @return the scheduled task, to cancel when the request ends in time
	 */
	ScheduledFuture<?> schedule(Duration timeout, Runnable task) {
		return timer().schedule(task, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private synchronized ScheduledThreadPoolExecutor timer() {
		ScheduledThreadPoolExecutor current = this.timer;
		if (current == null) {
			current = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, "pipe-" + this.pipeName + "-timeouts");
				thread.setDaemon(true);
				return thread;
			});
			current.setRemoveOnCancelPolicy(true);
			current.setKeepAliveTime(1, TimeUnit.SECONDS);
			current.allowCoreThreadTimeOut(true);
			this.timer = current;
		}
		return current;
	}

}
