package dev.pipeipc.client.reactive;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

import dev.pipeipc.client.PipeClient;

/**
 * A {@link PipeClient}'s streams as Reactor {@link Flux}es:
 * <pre class="code">
 * ReactivePipeClient reactive = ReactivePipeClient.create(client);
 * reactive.stream("orders.all", null, Order.class)
 *     .limitRate(100)
 *     .subscribe(this::show);
 * </pre>
 * A {@code Flux} is lazy: subscribing sends the call, each {@code request(n)} pulls
 * {@code $/enumerator/next} while demand is left and nothing is buffered (so the client holds at
 * most what was requested plus one batch), and cancelling sends {@code $/enumerator/abort}, and
 * {@code $/cancelRequest} while the call is still in flight. Errors arrive as {@code onError} with
 * the exceptions {@link PipeClient#call} throws.
 * <p>
 * Why a class of its own rather than methods on {@link PipeClient}: Reactor is optional. A method
 * whose signature names {@code Flux} on {@code PipeClient} would make reflection over the client
 * ({@code getDeclaredMethods}, which Spring runs on every bean class) fail with
 * {@link NoClassDefFoundError} in an application without Reactor. Only this class names Reactor
 * types, and it is loaded only by applications that use it. {@link PipeClient#streamPublisher}
 * offers the same stream as a JDK {@link java.util.concurrent.Flow.Publisher} for other libraries.
 */
public final class ReactivePipeClient {

	private final PipeClient client;

	private ReactivePipeClient(PipeClient client) {
		this.client = client;
	}

	/**
	 * Offer a client's streams as {@code Flux}es.
	 * @param client the client, which stays the caller's to close
	 * @return the reactive client
	 */
	public static ReactivePipeClient create(PipeClient client) {
		return new ReactivePipeClient(client);
	}

	/**
	 * The client whose calls this sends.
	 * @return the client
	 */
	public PipeClient getClient() {
		return this.client;
	}

	/**
	 * A method's stream of values.
	 * @param <T> the element type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param elementType the type of each value
	 * @return a cold {@code Flux}: each subscription makes its own call
	 */
	public <T> Flux<T> stream(String method, @Nullable Object params, Class<T> elementType) {
		return stream(method, params, (Type) elementType);
	}

	/**
	 * A method's stream of values, with a generic element type.
	 * @param <T> the element type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param elementType the type of each value
	 * @return a cold {@code Flux}: each subscription makes its own call
	 */
	public <T> Flux<T> stream(String method, @Nullable Object params, ParameterizedTypeReference<T> elementType) {
		return stream(method, params, elementType.getType());
	}

	/**
	 * A method's stream of values, with an element type of any {@link Type}.
	 * @param <T> the element type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param elementType the type of each value
	 * @return a cold {@code Flux}: each subscription makes its own call
	 */
	public <T> Flux<T> stream(String method, @Nullable Object params, Type elementType) {
		return JdkFlowAdapter.flowPublisherToFlux(this.client.<T>streamPublisher(method, params, elementType));
	}

	@Override
	public String toString() {
		return "Reactive " + this.client;
	}

}
