package dev.pipeipc.client;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.util.Assert;

import dev.pipeipc.annotation.PipeExchange;
import dev.pipeipc.annotation.PipeParam;

/**
 * One {@link PipeExchange @PipeExchange} interface method bound to its JSON-RPC method: how its
 * arguments become params, and whether it sends a notification ({@code void}), calls and waits
 * ({@code T}) or calls without waiting ({@link CompletableFuture} or {@link CompletionStage} of
 * {@code T}), or consumes a stream: a blocking {@link Stream}, a JDK {@link Flow.Publisher}, or any
 * multi-value type Spring's {@link ReactiveAdapterRegistry} knows, such as Reactor's {@code Flux}.
 * Reactive types are adapted through the registry, so this class names none of them and loads
 * without Reactor. A {@code Consumer<T>} or {@code PipeProgress<T>} parameter receives the call's
 * progress ({@link ProgressParameters}).
 */
final class PipeServiceMethod {

	private final String name;

	private final PipeExchange.Params params;

	private final @Nullable String[] parameterNames;

	private final boolean notification;

	private final boolean async;

	private final ParameterizedTypeReference<Object> resultType;

	private final @Nullable Duration timeout;

	private final boolean blockingStream;

	private final boolean flowPublisher;

	/** Adapts a stream's publisher to the method's reactive return type, or {@code null}. */
	private final @Nullable ReactiveAdapter reactiveAdapter;

	private final @Nullable ProgressParameters progress;

	PipeServiceMethod(Method method, String prefix, PipeExchange annotation, ParameterNameDiscoverer names,
			@Nullable Duration timeout) {
		String methodName = annotation.name().isEmpty() ? method.getName() : annotation.name();
		this.name = prefix.isEmpty() ? methodName : prefix + "." + methodName;
		this.params = annotation.params();
		this.parameterNames = parameterNames(method, names);
		if (this.params == PipeExchange.Params.NAMED) {
			for (int i = 0; i < this.parameterNames.length; i++) {
				int index = i;
				Assert.isTrue(this.parameterNames[i] != null,
						() -> "Method " + method + " sends named params, but the name of its parameter " + index
								+ " is not available. Compile with the '-parameters' flag, or name the parameter"
								+ " with @PipeParam(\"name\").");
			}
		}
		Class<?> returnType = method.getReturnType();
		this.notification = returnType == void.class;
		this.async = CompletionStage.class.isAssignableFrom(returnType);
		this.blockingStream = returnType == Stream.class;
		this.flowPublisher = returnType == Flow.Publisher.class;
		this.reactiveAdapter = (this.async || this.blockingStream || this.flowPublisher) ? null
				: multiValueAdapter(returnType);
		Type generic = method.getGenericReturnType();
		if (this.async || isStream()) {
			generic = (generic instanceof ParameterizedType parameterized) ? parameterized.getActualTypeArguments()[0]
					: Object.class;
		}
		this.resultType = ParameterizedTypeReference.forType(generic);
		this.timeout = timeout;
		this.progress = ProgressParameters.of(method);
	}

	private static @Nullable ReactiveAdapter multiValueAdapter(Class<?> returnType) {
		ReactiveAdapter adapter = ReactiveAdapterRegistry.getSharedInstance().getAdapter(returnType);
		return (adapter != null && adapter.isMultiValue()) ? adapter : null;
	}

	private boolean isStream() {
		return this.blockingStream || this.flowPublisher || this.reactiveAdapter != null;
	}

	/**
	 * The name each parameter has in a params object: its {@code @PipeParam} name, else the name
	 * compiled into the class, else none.
	 */
	private static @Nullable String[] parameterNames(Method method, ParameterNameDiscoverer discoverer) {
		@Nullable String @Nullable [] discovered = discoverer.getParameterNames(method);
		java.lang.reflect.Parameter[] parameters = method.getParameters();
		@Nullable String[] names = new String[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			PipeParam param = parameters[i].getAnnotation(PipeParam.class);
			Assert.state(param == null || !param.value().isBlank(), () -> "Method " + method + " has a blank"
					+ " @PipeParam name. Give the name the server's handler expects, such as @PipeParam(\"id\").");
			names[i] = (param != null) ? param.value() : (discovered != null) ? discovered[i] : null;
		}
		return names;
	}

	/**
	 * The JSON-RPC method name.
	 * @return the name, prefix included
	 */
	String name() {
		return this.name;
	}

	/**
	 * Make the request for one invocation.
	 * @param adapter the adapter to send it through
	 * @param arguments the invocation's arguments
	 * @return what the interface method returns
	 */
	@Nullable Object invoke(PipeExchangeAdapter adapter, @Nullable Object @Nullable [] arguments) {
		PipeRequest request = new PipeRequest(this.name, params((arguments != null) ? arguments : new Object[0]));
		if (this.notification) {
			adapter.notify(request);
			return null;
		}
		if (isStream()) {
			return stream(adapter, request);
		}
		if (this.timeout == null) {
			return this.async ? adapter.callAsync(request, this.resultType) : adapter.call(request, this.resultType);
		}
		CompletableFuture<Object> result = adapter.callAsync(request, this.resultType);
		return this.async ? withTimeout(result, this.timeout) : await(result, this.timeout);
	}

	/**
	 * Consume a stream. The proxy's timeout does not apply: a stream lasts as long as it is read,
	 * and each pull honours the client's request timeout.
	 */
	private Object stream(PipeExchangeAdapter adapter, PipeRequest request) {
		if (this.blockingStream) {
			return adapter.stream(request, this.resultType);
		}
		Flow.Publisher<Object> publisher = adapter.streamPublisher(request, this.resultType);
		ReactiveAdapter reactive = this.reactiveAdapter;
		if (reactive == null) {
			return publisher;
		}
		ReactiveAdapter flow = ReactiveAdapterRegistry.getSharedInstance().getAdapter(Flow.Publisher.class);
		Assert.state(flow != null, "Spring cannot adapt a Flow.Publisher, which it does when Reactive Streams is present");
		return reactive.fromPublisher(flow.toPublisher(publisher));
	}

	private CompletableFuture<Object> withTimeout(CompletableFuture<Object> result, Duration limit) {
		CompletableFuture.delayedExecutor(limit.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
			if (!result.isDone()) {
				result.completeExceptionally(timedOut(limit));
			}
		});
		return result;
	}

	private @Nullable Object await(CompletableFuture<Object> result, Duration limit) {
		try {
			return result.get(limit.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			PipeTimeoutException timedOut = timedOut(limit);
			result.completeExceptionally(timedOut);
			throw timedOut;
		}
		catch (InterruptedException ex) {
			result.cancel(true);
			Thread.currentThread().interrupt();
			throw new PipeClientException("Interrupted while waiting for method '" + this.name + "' to answer", ex);
		}
		catch (ExecutionException ex) {
			// Done: throws the failure as a blocking call does.
			return Blocking.await(result);
		}
	}

	private PipeTimeoutException timedOut(Duration limit) {
		return new PipeTimeoutException("Method '" + this.name + "' did not answer within " + limit.toMillis() + " ms");
	}

	private @Nullable Object params(@Nullable Object[] given) {
		if (given.length == 0) {
			return null;
		}
		@Nullable Object[] arguments = (this.progress != null) ? this.progress.typed(given) : given;
		if (this.params == PipeExchange.Params.POSITIONAL) {
			return Arrays.asList(arguments);
		}
		Map<String, @Nullable Object> named = new LinkedHashMap<>();
		for (int i = 0; i < arguments.length; i++) {
			named.put(this.parameterNames[i], arguments[i]);
		}
		return named;
	}

}
