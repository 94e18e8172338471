package dev.pipeipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that answers exceptions thrown by JSON-RPC handlers with an error, as Spring MVC's
 * {@code @ExceptionHandler} does for controllers. On a bean with
 * {@link PipeHandler @PipeHandler} methods it answers for those handlers; on a
 * {@link PipeControllerAdvice @PipeControllerAdvice} bean, for the handlers the advice applies to.
 * <pre class="code">
 * &#64;PipeExceptionHandler
 * JsonRpcError notFound(OrderNotFoundException ex) {
 *     return new JsonRpcError(1001, "Order " + ex.getId() + " does not exist", Map.of("id", ex.getId()));
 * }
 * </pre>
 * <p>
 * The method may take, in any order: the exception (any type the handled types are assignable to),
 * the {@code PipeSession}, the {@code PipeRequestContext} (method name, id, params), the
 * {@code PipePeer} (or {@code Optional<PipePeer>}) and the {@code PipeHandlerMethod} that failed. It
 * returns a {@code dev.pipeipc.jsonrpc.JsonRpcError}, or {@code null} to leave the exception to the
 * next handler; it may also throw a {@code JsonRpcException} to answer with that error.
 * <p>
 * The most specific handler wins, by the distance from the thrown exception's class to the handled
 * type (as {@code @ExceptionHandler} does), first for the exception itself and then for each of its
 * causes. The handling bean's own methods come before any advice, and advice beans are asked in
 * their {@code @Order}. Two methods of one bean handling the same type fail startup.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PipeExceptionHandler {

	/**
	 * The exception types handled; by default the exception types among the method's parameters.
	 * @return the handled types
	 */
	Class<? extends Throwable>[] value() default {};

}
