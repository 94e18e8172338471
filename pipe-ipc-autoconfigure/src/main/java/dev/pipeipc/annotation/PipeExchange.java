package dev.pipeipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Declares a JSON-RPC call on an interface method, in the style of Spring's {@code @HttpExchange};
 * {@link dev.pipeipc.client.PipeServiceProxyFactory} turns such an interface into a client.
 * <pre class="code">
 * &#64;PipeExchange("orders")
 * interface OrdersClient {
 *
 *     &#64;PipeExchange          // calls "orders.get" with params [id]
 *     Order get(long id);
 *
 *     &#64;PipeExchange("find")  // calls "orders.find"
 *     CompletableFuture&lt;List&lt;Order&gt;&gt; findAsync(String item);
 *
 *     &#64;PipeExchange          // void: sent as a notification, never answered
 *     void log(String message);
 *
 * }
 * </pre>
 * On the interface, the value is a prefix joined to every method name with a dot. On a method, it
 * is the method name; empty means the Java method's name.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PipeExchange {

	/**
	 * Alias for {@link #name()}.
	 * @return the method name, or on a type the prefix
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * The JSON-RPC method name (on a method) or the prefix of all method names (on a type).
	 * @return the name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * How the arguments are sent.
	 * @return the params style
	 */
	Params params() default Params.POSITIONAL;

	/**
	 * How a method's arguments become JSON-RPC params.
	 */
	enum Params {

		/** An array of the arguments, in order. */
		POSITIONAL,

		/** An object with the parameter names as keys (compile with {@code -parameters}). */
		NAMED

	}

}
