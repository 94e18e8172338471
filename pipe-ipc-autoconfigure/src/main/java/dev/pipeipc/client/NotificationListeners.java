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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

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
	 * Stop the listener thread once it has run what was already dispatched.
	 */
	void close() {
		this.executor.shutdown();
	}

}
