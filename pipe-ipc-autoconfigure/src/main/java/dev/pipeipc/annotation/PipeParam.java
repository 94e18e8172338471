package dev.pipeipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a parameter of a {@link PipeHandler @PipeHandler} method for params given as a JSON
 * object. The name given here is used instead of the name compiled into the class, so a handler
 * binds by name even when its class was compiled without the {@code -parameters} flag, and a
 * parameter can be named differently from its Java name.
 * <pre class="code">
 * &#64;PipeHandler("orders.find")
 * List&lt;Order&gt; find(&#64;PipeParam("customer") String customerId, &#64;PipeParam("limit") int max) { ... }
 * </pre>
 * Names must not be blank and must differ from each other within one method; startup fails
 * otherwise.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PipeParam {

	/**
	 * The member of the params object this parameter is bound from.
	 * @return the parameter's name
	 */
	String value();

}
