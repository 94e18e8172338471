package dev.pipeipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a Spring bean as the handler of one JSON-RPC method on a pipe server.
 * <pre class="code">
 * &#64;Component
 * class OrderHandlers {
 *
 *     &#64;PipeHandler("orders.get")
 *     Order get(long id) { ... }
 *
 * }
 * </pre>
 * Params are bound by position (a JSON array) or by name (a JSON object): a parameter's name is the
 * one given with {@link PipeParam @PipeParam}, else the one compiled into the class with the
 * {@code -parameters} flag (as Spring Boot's build plugins set); startup warns about a handler
 * whose names are not available. A method with a single
 * parameter of an object type also takes the whole params object as that value. A parameter of type
 * {@link dev.pipeipc.server.PipeSession} receives the calling connection and is never read from
 * params. The return value (or the value a returned {@link java.util.concurrent.CompletionStage}
 * completes with) becomes the result; throw {@link dev.pipeipc.jsonrpc.JsonRpcException}
 * to answer with an error of your choice. Parameter and return types are checked when the server
 * starts: a type that has no JSON form (a stream, a thread, a functional interface) fails startup.
 *
 * @see dev.pipeipc.server.PipeSession
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PipeHandler {

	/**
	 * Alias for {@link #name()}.
	 * @return the JSON-RPC method name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * The JSON-RPC method name. Empty means the Java method's name.
	 * @return the JSON-RPC method name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * The id of the server that serves this method, as in {@code pipe.servers.<id>.*}. Empty means
	 * the server configured by {@code pipe.server.*}.
	 * @return the server id
	 */
	String server() default "";

	/**
	 * How long a request to this method may run: past it the client is answered with error
	 * {@link dev.pipeipc.jsonrpc.JsonRpcErrorCodes#REQUEST_TIMED_OUT} and the handler is
	 * interrupted. A duration as in configuration properties ({@code "5s"}, {@code "250ms"},
	 * {@code "PT1M"}). Empty means the server's {@code request-timeout}.
	 * @return the timeout
	 */
	String timeout() default "";

}
