package dev.pipeipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sends the result of a {@link PipeHandler @PipeHandler} method as a stream the client pulls
 * (StreamJsonRpc's async-enumerable protocol: {@code $/enumerator/next} and
 * {@code $/enumerator/abort}), and tunes how. A handler that returns a {@code Flux}, a Reactive
 * Streams or {@link java.util.concurrent.Flow.Publisher Flow.Publisher} or a
 * {@link java.util.stream.Stream Stream} is streamed without it; an {@link java.util.Iterator
 * Iterator} or {@link Iterable} is streamed only with it, since an {@code Iterable} such as a
 * {@code List} is otherwise written as one JSON array.
 * <pre class="code">
 * &#64;PipeHandler("orders.all")
 * &#64;PipeStream(minBatchSize = 100, readAhead = 200)
 * Stream&lt;Order&gt; all() { ... }
 * </pre>
 * Every attribute left at its default takes the server's {@code pipe.server.streams.*} value.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PipeStream {

	/** The value of an attribute that takes the server's setting. */
	int SERVER_DEFAULT = -1;

	/**
	 * Fewest values a {@code $/enumerator/next} answer carries, unless the stream ends first.
	 * @return the minimum batch size, at least 1, or {@link #SERVER_DEFAULT}
	 */
	int minBatchSize() default SERVER_DEFAULT;

	/**
	 * Most values requested from the handler's publisher before the client asks for them.
	 * @return the read-ahead, at least 0, or {@link #SERVER_DEFAULT}
	 */
	int readAhead() default SERVER_DEFAULT;

	/**
	 * Values sent with the response itself, before the client asks for any.
	 * @return the prefetch, at least 0, or {@link #SERVER_DEFAULT}
	 */
	int prefetch() default SERVER_DEFAULT;

	/**
	 * How long a stream may wait for the client's next {@code $/enumerator/next} before it is
	 * cancelled. A duration as in configuration properties ({@code "30s"}, {@code "PT5M"}). Empty
	 * means the server's {@code pipe.server.streams.idle-timeout}.
	 * @return the idle timeout
	 */
	String idleTimeout() default "";

}
