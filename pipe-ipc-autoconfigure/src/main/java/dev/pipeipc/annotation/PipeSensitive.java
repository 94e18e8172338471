package dev.pipeipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler parameter, or a property of a parameter's type (a field, a record component or
 * its getter), whose value must never be echoed in an error: a validation error names the
 * parameter or property and gives the message, but leaves out the invalid value.
 * <pre class="code">
 * record Login(&#64;NotBlank String user, &#64;PipeSensitive &#64;Size(min = 12) String password) { }
 * </pre>
 */
@Target({ ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PipeSensitive {

}
