package dev.pipeipc.server.jsonrpc.discovery;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an error that a {@code @PipeHandler} method answers with, so that {@code rpc.discover}
 * lists it among the method's errors. On a class, it applies to every handler method of the class.
 * <pre class="code">
 * &#64;PipeHandler("orders.get")
 * &#64;PipeHandlerError(code = 1001, message = "Order not found")
 * Order get(long id) { ... }
 * </pre>
 * The declaration only describes the method: the handler still answers with the error by throwing
 * a {@link dev.pipeipc.jsonrpc.JsonRpcException} with that code.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(PipeHandlerErrors.class)
public @interface PipeHandlerError {

	/**
	 * The error code, as in the error response.
	 * @return the code
	 */
	int code();

	/**
	 * A short description of the error.
	 * @return the message
	 */
	String message();

}
