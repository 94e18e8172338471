package dev.pipeipc.client;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;

import dev.pipeipc.annotation.PipeExchange;

/**
 * Creates clients from interfaces whose methods carry {@link PipeExchange @PipeExchange}, calling
 * through one {@link PipeClient}:
 * <pre class="code">
 * PipeServiceProxyFactory factory = PipeServiceProxyFactory.builder(pipeClient).build();
 * OrdersClient orders = factory.createClient(OrdersClient.class);
 * </pre>
 * A method returning {@code T} waits for the result, one returning {@link CompletableFuture} or
 * {@link CompletionStage} of {@code T} does not, and a {@code void} method sends a notification.
 * Server errors throw {@link dev.pipeipc.jsonrpc.JsonRpcException}; failures on the
 * client's side throw {@link PipeClientException}s. Default methods run as written.
 */
public final class PipeServiceProxyFactory {

	private static final ParameterNameDiscoverer nameDiscoverer = new DefaultParameterNameDiscoverer();

	private final PipeClient client;

	private PipeServiceProxyFactory(PipeClient client) {
		this.client = client;
	}

	/**
	 * Start configuring a factory.
	 * @param client the client every proxy calls through
	 * @return the builder
	 */
	public static Builder builder(PipeClient client) {
		return new Builder(client);
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
		Map<Method, Exchange> exchanges = new ConcurrentHashMap<>();
		PipeExchange typeAnnotation = AnnotatedElementUtils.findMergedAnnotation(serviceType, PipeExchange.class);
		String prefix = (typeAnnotation != null) ? typeAnnotation.name() : "";
		for (Method method : serviceType.getMethods()) {
			if (method.isDefault() || method.getDeclaringClass() == Object.class) {
				continue;
			}
			PipeExchange annotation = AnnotatedElementUtils.findMergedAnnotation(method, PipeExchange.class);
			Assert.isTrue(annotation != null, () -> "Method " + serviceType.getSimpleName() + "." + method.getName()
					+ " has no @PipeExchange; annotate it or give it a default implementation");
			exchanges.put(method, new Exchange(method, prefix, annotation));
		}
		InvocationHandler handler = (proxy, method, arguments) -> {
			Exchange exchange = exchanges.get(method);
			if (exchange != null) {
				return exchange.invoke(this.client, arguments);
			}
			if (method.isDefault()) {
				return invokeDefault(serviceType, proxy, method, arguments);
			}
			return switch (method.getName()) {
				case "toString" -> serviceType.getSimpleName() + " client of " + this.client;
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
		return handle.invokeWithArguments((arguments != null) ? arguments : new Object[0]);
	}

	/**
	 * One interface method bound to a JSON-RPC method.
	 */
	private static final class Exchange {

		private final String name;

		private final PipeExchange.Params params;

		private final @Nullable String[] parameterNames;

		private final boolean notification;

		private final boolean async;

		private final Type resultType;

		Exchange(Method method, String prefix, PipeExchange annotation) {
			String methodName = annotation.name().isEmpty() ? method.getName() : annotation.name();
			this.name = prefix.isEmpty() ? methodName : prefix + "." + methodName;
			this.params = annotation.params();
			String[] names = nameDiscoverer.getParameterNames(method);
			Assert.isTrue(this.params != PipeExchange.Params.NAMED || names != null,
					() -> "Method " + method + " sends named params, but its parameter names are not available;"
							+ " compile with -parameters");
			this.parameterNames = (names != null) ? names : new String[method.getParameterCount()];
			Class<?> returnType = method.getReturnType();
			this.notification = returnType == void.class;
			this.async = CompletionStage.class.isAssignableFrom(returnType);
			Type generic = method.getGenericReturnType();
			if (this.async) {
				this.resultType = (generic instanceof ParameterizedType parameterized)
						? parameterized.getActualTypeArguments()[0] : Object.class;
			}
			else {
				this.resultType = generic;
			}
		}

		@Nullable Object invoke(PipeClient client, @Nullable Object @Nullable [] arguments) {
			Object params = params((arguments != null) ? arguments : new Object[0]);
			if (this.notification) {
				client.notify(this.name, params);
				return null;
			}
			CompletableFuture<Object> result = client.callAsync(this.name, params, this.resultType);
			if (this.async) {
				return result;
			}
			return Blocking.await(result);
		}

		private @Nullable Object params(@Nullable Object[] arguments) {
			if (arguments.length == 0) {
				return null;
			}
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

	/**
	 * Configures a {@link PipeServiceProxyFactory}.
	 */
	public static final class Builder {

		private final PipeClient client;

		private Builder(PipeClient client) {
			this.client = client;
		}

		/**
		 * Create the factory.
		 * @return the factory
		 */
		public PipeServiceProxyFactory build() {
			return new PipeServiceProxyFactory(this.client);
		}

	}

}
