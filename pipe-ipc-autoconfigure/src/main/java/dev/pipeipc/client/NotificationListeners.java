package dev.pipeipc.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.jsonrpc.JsonRpcMethods;

/**
 * The listeners to notifications the server pushes, by method. Listeners run one at a time, in
 * arrival order, on one thread of the client's: never on the reader thread, which must keep
 * reading answers, and never two at once, so a listener needs no locking of its own. A listener
 * that throws is logged and does not stop the others.
 */
final class NotificationListeners {

	private static final Log logger = LogFactory.getLog(NotificationListeners.class);

	private final String pipeName;

	private final Map<String, List<Consumer<JsonNode>>> listeners = new ConcurrentHashMap<>();

	private final List<BiConsumer<String, JsonNode>> anyMethodListeners = new CopyOnWriteArrayList<>();

	private final ExecutorService executor;

	private volatile @Nullable Predicate<JsonNode> progress;

	NotificationListeners(String pipeName) {
		this.pipeName = pipeName;
		this.executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "pipe-client-" + pipeName + "-notifications");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Add a listener.
	 * @param method the notification's method
	 * @param listener receives the params
	 * @return a handle to remove it
	 */
	PipeClient.Subscription add(String method, Consumer<JsonNode> listener) {
		List<Consumer<JsonNode>> methodListeners = this.listeners.computeIfAbsent(method,
				(key) -> new CopyOnWriteArrayList<>());
		methodListeners.add(listener);
		return () -> methodListeners.remove(listener);
	}

	/**
	 * Add a listener to every notification, whatever its method.
	 * @param listener receives the method and the params
	 * @return a handle to remove it
	 */
	PipeClient.Subscription addForAnyMethod(BiConsumer<String, JsonNode> listener) {
		this.anyMethodListeners.add(listener);
		return () -> this.anyMethodListeners.remove(listener);
	}

	/**
	 * Hand a notification to its listeners, on the listener thread.
	 * @param method the notification's method
	 * @param params its params (a missing node when it has none)
	 */
	void dispatch(String method, JsonNode params) {
		Predicate<JsonNode> progressRouter = this.progress;
		if (progressRouter != null && JsonRpcMethods.PROGRESS.equals(method) && progressRouter.test(params)) {
			return;
		}
		List<Consumer<JsonNode>> listed = this.listeners.get(method);
		List<Consumer<JsonNode>> methodListeners = (listed != null) ? listed : List.of();
		if (methodListeners.isEmpty() && this.anyMethodListeners.isEmpty()) {
			logger.debug("Pipe '" + this.pipeName + "' sent notification '" + method + "' that nobody listens to");
			return;
		}
		try {
			this.executor.execute(() -> notifyAll(methodListeners, method, params));
		}
		catch (RejectedExecutionException ex) {
			// The client is closing.
		}
	}

	private void notifyAll(List<Consumer<JsonNode>> methodListeners, String method, JsonNode params) {
		for (Consumer<JsonNode> listener : methodListeners) {
			try {
				listener.accept(params);
			}
			catch (RuntimeException ex) {
				logger.error("Listener for notification '" + method + "' of pipe '" + this.pipeName + "' failed", ex);
			}
		}
		for (BiConsumer<String, JsonNode> listener : this.anyMethodListeners) {
			try {
				listener.accept(method, params);
			}
			catch (RuntimeException ex) {
				logger.error("Listener for notification '" + method + "' of pipe '" + this.pipeName + "' failed", ex);
			}
		}
	}

	/**
	 * Offer {@code $/progress} notifications to a router first, on the reading thread; what it
	 * takes does not reach the listeners by method.
	 * @param router takes the params of a progress notification it has a listener for
	 */
	void routeProgress(Predicate<JsonNode> router) {
		this.progress = router;
	}

	/**
	 * Run a task on the listener thread, after the notifications dispatched before it.
	 * @param task the task
	 * @return {@code false} if the client is closing and the task was not taken
	 */
	boolean execute(Runnable task) {
		try {
			this.executor.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/**
	 * Stop the listener thread once it has run what was already dispatched.
	 */
	void close() {
		this.executor.shutdown();
	}

}
