package dev.pipeipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a {@link PipeHandler @PipeHandler} method's {@code JsonNode} parameter the request's whole
 * {@code params} as sent (an array or an object, or {@code null} when absent), for handlers that
 * read them themselves. A plain {@code JsonNode} parameter, without this annotation, stays one
 * param like any other parameter. With a {@code @PipeParams} parameter, params that no other
 * parameter takes are not an error.
 * <pre class="code">
 * &#64;PipeHandler("events.publish")
 * void publish(&#64;PipeParams JsonNode params) { ... }
 * </pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PipeParams {

}
