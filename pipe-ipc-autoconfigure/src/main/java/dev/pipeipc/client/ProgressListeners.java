package dev.pipeipc.client;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.jsonrpc.JsonRpcMethods;
import dev.pipeipc.jsonrpc.PipeProgress;

/**
 * The progress listeners of a client's calls in flight. A call whose params hold a
 * {@link PipeProgress} or a {@link Consumer} (an element of a list or array, a value of a map) has
 * each replaced by a token, a number unique to this client, and its
 * {@value JsonRpcMethods#PROGRESS} notifications with that token, named
 * {@code {"token": 3, "value": ...}} or positional {@code [3, ...]} (StreamJsonRpc's default), go
 * to the listener: read as the listener's type (see {@link PipeProgress#listener}), on the
 * client's notification thread, in arrival order.
 * <p>
 * The caller's future completes on that same thread after the listener has been given every value
 * that arrived before the response, and the listener is then dropped with any later notification
 * for its token: when {@code call} returns, the listener has seen all the progress it will.
 */
final class ProgressListeners {

	private static final Log logger = LogFactory.getLog(ProgressListeners.class);

	private final String pipeName;

	private final ObjectMapper mapper;

	private final NotificationListeners notifications;

	private final AtomicLong tokens = new AtomicLong();

	private final Map<Long, Registration> registrations = new ConcurrentHashMap<>();

	ProgressListeners(String pipeName, ObjectMapper mapper, NotificationListeners notifications) {
		this.pipeName = pipeName;
		this.mapper = mapper;
		this.notifications = notifications;
		notifications.routeProgress(this::route);
	}

	/**
	 * Replace the listeners in a call's params by tokens and register them.
	 * @param method the method called, for log messages
	 * @param params the params as the caller gave them
	 * @return the call's progress, or {@code null} when its params hold no listener
	 */
	@Nullable CallProgress prepare(String method, @Nullable Object params) {
		if (params instanceof List<?> list) {
			return anyListener(list) ? register(method, list, null) : null;
		}
		if (params instanceof Object[] array) {
			List<?> list = Arrays.asList(array);
			return anyListener(list) ? register(method, list, null) : null;
		}
		if (params instanceof Map<?, ?> map) {
			return anyListener(map.values()) ? register(method, null, map) : null;
		}
		if (isListener(params)) {
			return register(method, List.of(params), null);
		}
		return null;
	}

	private CallProgress register(String method, @Nullable List<?> list, @Nullable Map<?, ?> map) {
		List<Long> registered = new ArrayList<>(1);
		Object params;
		if (list != null) {
			List<@Nullable Object> replaced = new ArrayList<>(list.size());
			for (Object element : list) {
				replaced.add(isListener(element) ? token(method, element, registered) : element);
			}
			params = replaced;
		}
		else {
			Map<Object, @Nullable Object> replaced = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				Object value = entry.getValue();
				replaced.put(entry.getKey(), isListener(value) ? token(method, value, registered) : value);
			}
			params = replaced;
		}
		return new CallProgress(params, registered);
	}

	@SuppressWarnings("unchecked")
	private Long token(String method, @Nullable Object listener, List<Long> registered) {
		Long token = this.tokens.incrementAndGet();
		PipeProgress<Object> progress;
		Type type;
		if (listener instanceof PipeProgress.Listener<?> typed) {
			progress = (PipeProgress<Object>) typed;
			type = typed.valueType();
		}
		else if (listener instanceof PipeProgress<?> untyped) {
			progress = (PipeProgress<Object>) untyped;
			type = Object.class;
		}
		else {
			progress = ((Consumer<Object>) listener)::accept;
			type = Object.class;
		}
		this.registrations.put(token, new Registration(method, progress, this.mapper.constructType(type)));
		registered.add(token);
		return token;
	}

	/**
	 * Take a {@code $/progress} notification, on the reading thread.
	 * @param params its params
	 * @return whether it was for a listener of this client's
	 */
	private boolean route(JsonNode params) {
		if (this.registrations.isEmpty()) {
			return false;
		}
		JsonNode token = params.isArray() ? params.get(0) : params.get("token");
		JsonNode value = params.isArray() ? params.get(1) : params.get("value");
		if (token == null || !token.isIntegralNumber() || !token.canConvertToLong()) {
			return false;
		}
		Registration registration = this.registrations.get(token.longValue());
		if (registration == null) {
			return false;
		}
		JsonNode reported = (value != null) ? value : this.mapper.nullNode();
		this.notifications.execute(() -> registration.deliver(reported));
		return true;
	}

	private static boolean anyListener(Iterable<?> values) {
		for (Object value : values) {
			if (isListener(value)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isListener(@Nullable Object value) {
		return value instanceof PipeProgress<?> || value instanceof Consumer<?>;
	}

	/**
	 * The listeners of one call: its params with tokens in their place, and the future its caller
	 * waits on.
	 */
	final class CallProgress {

		private final Object params;

		private final List<Long> tokens;

		CallProgress(Object params, List<Long> tokens) {
			this.params = params;
			this.tokens = tokens;
		}

		/**
		 * The params to send.
		 * @return the params with tokens in place of the listeners
		 */
		Object params() {
			return this.params;
		}

		/**
		 * The future the caller gets: completed with the call's, once its listeners have been given
		 * the progress that came before the answer. Completing it first (cancel, a timeout of the
		 * caller's) fails the call, which asks the server to cancel it.
		 * @param <T> the result type
		 * @param call the call's own future
		 * @return the caller's future
		 */
		<T> CompletableFuture<T> track(CompletableFuture<T> call) {
			CompletableFuture<T> result = new CompletableFuture<>();
			call.whenComplete((value, ex) -> {
				Runnable finish = () -> {
					for (Long token : this.tokens) {
						Registration registration = ProgressListeners.this.registrations.remove(token);
						if (registration != null) {
							registration.active = false;
						}
					}
					if (ex != null) {
						result.completeExceptionally(ex);
					}
					else {
						result.complete(value);
					}
				};
				if (!ProgressListeners.this.notifications.execute(finish)) {
					finish.run();
				}
			});
			result.whenComplete((value, ex) -> {
				if (ex != null) {
					call.completeExceptionally(ex);
				}
			});
			return result;
		}

	}

	private final class Registration {

		private final String method;

		private final PipeProgress<Object> listener;

		private final JavaType type;

		volatile boolean active = true;

		Registration(String method, PipeProgress<Object> listener, JavaType type) {
			this.method = method;
			this.listener = listener;
			this.type = type;
		}

		/**
		 * Give the listener one value, on the notification thread; nothing once its call is answered.
		 */
		void deliver(JsonNode value) {
			if (!this.active) {
				return;
			}
			Object converted;
			try {
				converted = ProgressListeners.this.mapper.treeToValue(value, this.type);
			}
			catch (JacksonException ex) {
				logger.warn("Progress of method '" + this.method + "' on pipe '" + ProgressListeners.this.pipeName
						+ "' cannot be read as " + this.type.toCanonical() + ": " + ex.getOriginalMessage());
				return;
			}
			try {
				this.listener.report(converted);
			}
			catch (RuntimeException ex) {
				logger.error("Progress listener of method '" + this.method + "' on pipe '"
						+ ProgressListeners.this.pipeName + "' failed", ex);
			}
		}

	}

}
