package dev.pipeipc.client;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;

import dev.pipeipc.annotation.PipeExchange;

/**
 * Creates clients from interfaces whose methods carry {@link PipeExchange @PipeExchange}, calling
 * through a {@link PipeExchangeAdapter}, in the shape of Spring's {@code HttpServiceProxyFactory}:
 * <pre class="code">
 * PipeServiceProxyFactory factory = PipeServiceProxyFactory.builderFor(PipeClientAdapter.create(pipeClient))
 *     .timeout(Duration.ofSeconds(5))
 *     .build();
 * OrdersClient orders = factory.createClient(OrdersClient.class);
 * </pre>
 * A method returning {@code T} waits for the result, one returning
 * {@link java.util.concurrent.CompletableFuture} or {@link java.util.concurrent.CompletionStage} of
 * {@code T} does not, and a {@code void} method sends a notification. A method returning a
 * {@link java.util.stream.Stream}, a {@link java.util.concurrent.Flow.Publisher} or a multi-value
 * reactive type such as Reactor's {@code Flux} consumes a stream the server answers. Server errors throw
 * {@link dev.pipeipc.jsonrpc.JsonRpcException}; failures on the client's side throw
 * {@link PipeClientException}s. Default methods run as written.
 */
public final class PipeServiceProxyFactory {

	private final PipeExchangeAdapter adapter;

	private final ParameterNameDiscoverer parameterNameDiscoverer;

	private final @Nullable Duration timeout;

	private PipeServiceProxyFactory(PipeExchangeAdapter adapter, ParameterNameDiscoverer parameterNameDiscoverer,
			@Nullable Duration timeout) {
		this.adapter = adapter;
		this.parameterNameDiscoverer = parameterNameDiscoverer;
		this.timeout = timeout;
	}

	/**
	 * Start configuring a factory that calls through an adapter.
	 * @param adapter the adapter every proxy calls through
	 * @return the builder
	 */
	public static Builder builderFor(PipeExchangeAdapter adapter) {
		return new Builder().exchangeAdapter(adapter);
	}

	/**
	 * Start configuring a factory; set its adapter with {@link Builder#exchangeAdapter}.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Create a client for an interface.
	 * @param <S> the interface type
	 * @param serviceType the interface, with {@code @PipeExchange} methods
	 * @return the client
	 * @throws IllegalArgumentException if the type is not an interface or a method it declares has
	 * no {@code @PipeExchange} and is not a default method
	 */
	public <S> S createClient(Class<S> serviceType) {
		Assert.isTrue(serviceType.isInterface(), () -> serviceType.getName() + " is not an interface");
		PipeExchange typeAnnotation = AnnotatedElementUtils.findMergedAnnotation(serviceType, PipeExchange.class);
		String prefix = (typeAnnotation != null) ? typeAnnotation.name() : "";
		Map<Method, PipeServiceMethod> methods = new HashMap<>();
		for (Method method : serviceType.getMethods()) {
			if (method.isDefault() || method.getDeclaringClass() == Object.class) {
				continue;
			}
			PipeExchange annotation = AnnotatedElementUtils.findMergedAnnotation(method, PipeExchange.class);
			if (annotation == null) {
				throw new IllegalArgumentException("Method " + serviceType.getSimpleName() + "." + method.getName()
						+ " has no @PipeExchange; annotate it or give it a default implementation");
			}
			methods.put(method, new PipeServiceMethod(method, prefix, annotation, this.parameterNameDiscoverer,
					this.timeout));
		}
		InvocationHandler handler = (proxy, method, arguments) -> {
			PipeServiceMethod serviceMethod = methods.get(method);
			if (serviceMethod != null) {
				return serviceMethod.invoke(this.adapter, arguments);
			}
			if (method.isDefault()) {
				return invokeDefault(serviceType, proxy, method, arguments);
			}
			return switch (method.getName()) {
				case "toString" -> serviceType.getSimpleName() + " client of " + this.adapter;
				case "hashCode" -> System.identityHashCode(proxy);
				case "equals" -> proxy == arguments[0];
				default -> throw new IllegalStateException("Unexpected method " + method);
			};
		};
		return serviceType.cast(Proxy.newProxyInstance(serviceType.getClassLoader(), new Class<?>[] { serviceType },
				handler));
	}

	/**
	 * Run a default method of the interface. A private lookup works for interfaces that are not
	 * public too, which {@link InvocationHandler#invokeDefault} refuses.
	 */
	private static @Nullable Object invokeDefault(Class<?> serviceType, Object proxy, Method method,
			@Nullable Object @Nullable [] arguments) throws Throwable {
		MethodHandle handle = MethodHandles.privateLookupIn(serviceType, MethodHandles.lookup())
			.unreflectSpecial(method, serviceType)
			.bindTo(proxy);
		@Nullable Object[] actual = (arguments != null) ? arguments : new @Nullable Object[0];
		return handle.invokeWithArguments(actual);
	}

	/**
	 * Configures a {@link PipeServiceProxyFactory}.
	 */
	public static final class Builder {

		private @Nullable PipeExchangeAdapter adapter;

		private Function<PipeExchangeAdapter, PipeExchangeAdapter> decorator = Function.identity();

		private ParameterNameDiscoverer parameterNameDiscoverer = new DefaultParameterNameDiscoverer();

		private @Nullable Duration timeout;

		private Builder() {
		}

		/**
		 * The adapter every proxy calls through.
		 * @param adapter the adapter, such as {@link PipeClientAdapter#create}
		 * @return this builder
		 */
		public Builder exchangeAdapter(PipeExchangeAdapter adapter) {
			this.adapter = adapter;
			return this;
		}

		/**
		 * Wrap the adapter, to add behaviour around every request (logging, metrics).
		 * @param decorator given the adapter, returns the one to call through
		 * @return this builder
		 */
		public Builder exchangeAdapterDecorator(Function<PipeExchangeAdapter, PipeExchangeAdapter> decorator) {
			this.decorator = this.decorator.andThen(decorator);
			return this;
		}

		/**
		 * How the names of parameters sent as {@linkplain PipeExchange.Params#NAMED named params}
		 * are found; from {@code -parameters} bytecode by default.
		 * @param parameterNameDiscoverer the discoverer
		 * @return this builder
		 */
		public Builder parameterNameDiscoverer(ParameterNameDiscoverer parameterNameDiscoverer) {
			this.parameterNameDiscoverer = parameterNameDiscoverer;
			return this;
		}

		/**
		 * How long a proxy's call may take: a waiting method then throws
		 * {@link PipeTimeoutException}, and a returned future fails with it (which cancels the call
		 * on the server through a {@link PipeClientAdapter}). Unset leaves timing to the adapter,
		 * such as the client's request timeout.
		 * @param timeout the timeout, or {@code null}
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			Assert.isTrue(timeout == null || (!timeout.isNegative() && !timeout.isZero()),
					() -> "Timeout of @PipeExchange calls must be positive, but was " + timeout);
			this.timeout = timeout;
			return this;
		}

		/**
		 * Create the factory.
		 * @return the factory
		 * @throws IllegalArgumentException if no adapter was set
		 */
		public PipeServiceProxyFactory build() {
			PipeExchangeAdapter configured = this.adapter;
			Assert.notNull(configured, "A PipeExchangeAdapter is required; set one with exchangeAdapter(...)"
					+ " or start from PipeServiceProxyFactory.builderFor(adapter)");
			return new PipeServiceProxyFactory(this.decorator.apply(configured), this.parameterNameDiscoverer,
					this.timeout);
		}

	}

}
