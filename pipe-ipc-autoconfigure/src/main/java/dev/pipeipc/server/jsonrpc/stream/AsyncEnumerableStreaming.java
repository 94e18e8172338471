package dev.pipeipc.server.jsonrpc.stream;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.boot.convert.DurationStyle;

import dev.pipeipc.annotation.PipeStream;
import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.server.PipeServerInstrumentation;
import dev.pipeipc.server.PipeServerRequest;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;
import dev.pipeipc.server.jsonrpc.PipeResultStreaming;

/**
 * Streams handler results in StreamJsonRpc's async-enumerable protocol, so a .NET client's
 * {@code IAsyncEnumerable<T>} (and any client that speaks the documented wire format) reads them.
 * <pre>
 *  client                                      server
 *  {"id":1,"method":"orders.all"}        ──▶   handler returns Flux&lt;Order&gt; / Stream&lt;Order&gt;
 *                                        ◀──   {"id":1,"result":{"token":1,"values":[prefetch...]}}
 *  {"id":2,"method":"$/enumerator/next",
 *   "params":[1]}                        ──▶   request(n) on the publisher, at most read-ahead
 *                                        ◀──   {"id":2,"result":{"values":[...],"finished":false}}
 *  {"method":"$/enumerator/abort",
 *   "params":[1]}                        ──▶   cancel the subscription / close the Stream
 * </pre>
 * One per server: the defaults come from {@code pipe.server.streams.*}, each handler's
 * {@link PipeStream @PipeStream} overrides them, and one timer thread (started on the first stream,
 * gone when idle) cancels streams the client stopped pulling.
 */
public final class AsyncEnumerableStreaming implements PipeResultStreaming {

	private final String pipeName;

	private final StreamSettings defaults;

	private final Map<PipeHandlerMethod, StreamSettings> settings = new ConcurrentHashMap<>();

	private final boolean reactiveStreams;

	private @Nullable ScheduledThreadPoolExecutor timer;

	/**
	 * Create the streaming support of one server.
	 * @param pipeName the pipe name, for messages and the timer thread's name
	 * @param defaults the server's settings, which handlers override
	 */
	public AsyncEnumerableStreaming(String pipeName, StreamSettings defaults) {
		this(pipeName, defaults, AsyncEnumerableStreaming.class.getClassLoader());
	}

	/**
	 * Create the streaming support of one server of an application whose classes come from the
	 * given class loader: Reactive Streams publishers ({@code Flux}) are streamed only when it
	 * has {@code org.reactivestreams}, and no class of it is loaded otherwise.
	 * @param pipeName the pipe name, for messages and the timer thread's name
	 * @param defaults the server's settings, which handlers override
	 * @param classLoader the application's class loader
	 */
	public AsyncEnumerableStreaming(String pipeName, StreamSettings defaults, @Nullable ClassLoader classLoader) {
		this.pipeName = pipeName;
		this.defaults = defaults;
		this.reactiveStreams = ClassUtils.isPresent("org.reactivestreams.Publisher", classLoader);
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalStateException if the handler's {@code @PipeStream} marks a return type that
	 * cannot be streamed, or sets a value out of range
	 */
	@Override
	public @Nullable Type elementType(PipeHandlerMethod handler) {
		Method method = handler.getMethod();
		PipeStream annotation = AnnotatedElementUtils.findMergedAnnotation(method, PipeStream.class);
		Class<?> streamedAs = StreamSources.streamedAs(method, annotation != null, this.reactiveStreams);
		if (streamedAs == null) {
			if (annotation != null) {
				throw new IllegalStateException("Pipe handler " + handler.describe() + " on pipe '" + this.pipeName
						+ "' is annotated @PipeStream but returns " + method.getGenericReturnType().getTypeName()
						+ ", which cannot be streamed. Return a Flux, a Publisher, a Flow.Publisher, a Stream, an"
						+ " Iterator or an Iterable, or remove @PipeStream.");
			}
			return null;
		}
		this.settings.put(handler, merge(handler, annotation));
		return StreamSources.elementType(method, streamedAs);
	}

	@Override
	public PipeResultStreaming.Session open(PipeSession session, PipeServerInstrumentation instrumentation) {
		return new StreamConnection(this, session, instrumentation);
	}

	/**
	 * The settings a handler streams with.
	 * @param handler the handler
	 * @return its settings, the server's where it sets none
	 */
	StreamSettings settingsFor(PipeHandlerMethod handler) {
		StreamSettings own = this.settings.get(handler);
		return (own != null) ? own : this.settings.computeIfAbsent(handler,
				(key) -> merge(key, AnnotatedElementUtils.findMergedAnnotation(key.getMethod(), PipeStream.class)));
	}

	private StreamSettings merge(PipeHandlerMethod handler, @Nullable PipeStream annotation) {
		if (annotation == null) {
			return this.defaults;
		}
		try {
			return new StreamSettings(
					or(annotation.minBatchSize(), this.defaults.minBatchSize()),
					or(annotation.readAhead(), this.defaults.readAhead()),
					or(annotation.prefetch(), this.defaults.prefetch()), this.defaults.maxOpenPerConnection(),
					annotation.idleTimeout().isBlank() ? this.defaults.idleTimeout()
							: parse(annotation.idleTimeout()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("The @PipeStream of pipe handler " + handler.describe() + " on pipe '"
					+ this.pipeName + "' is invalid: " + ex.getMessage(), ex);
		}
	}

	private static int or(int value, int serverDefault) {
		return (value == PipeStream.SERVER_DEFAULT) ? serverDefault : value;
	}

	private static Duration parse(String value) {
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The stream setting 'idle-timeout' must be a duration such as '30s'"
					+ " or 'PT5M', but was '" + value + "'.", ex);
		}
	}

	/**
	 * Describe a stream's request for its observation.
	 */
	PipeServerRequest describe(PipeRequestContext request, PipeServerInstrumentation instrumentation) {
		tools.jackson.databind.JsonNode id = request.id();
		String idText = (id == null) ? null : (id.isString() ? id.stringValue() : id.toString());
		return new PipeServerRequest(instrumentation, request.session(), "jsonrpc", request.method(), true, idText,
				(name) -> null);
	}

	boolean reactiveStreams() {
		return this.reactiveStreams;
	}

	synchronized ScheduledExecutorService timer() {
		ScheduledThreadPoolExecutor current = this.timer;
		if (current == null) {
			current = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, "pipe-" + this.pipeName + "-streams");
				thread.setDaemon(true);
				return thread;
			});
			current.setRemoveOnCancelPolicy(true);
			current.setKeepAliveTime(10, TimeUnit.SECONDS);
			current.allowCoreThreadTimeOut(true);
			this.timer = current;
		}
		return current;
	}

}
