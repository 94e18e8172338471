package dev.pipeipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a {@link PipeHandler @PipeHandler} method's parameter the request's id instead of a param,
 * for logging or correlating. The parameter may be:
 * <ul>
 * <li>a {@code JsonNode}: the id as sent, a string or number node;</li>
 * <li>a {@code String}: a string id as it is, a number id as its decimal text;</li>
 * <li>a {@code long} or {@code Long}: a number id (a string id fails the call with invalid
 * params);</li>
 * <li>an {@code Object}: a {@code String}, or a {@code Long} or {@code BigInteger} or
 * {@code BigDecimal} for a number.</li>
 * </ul>
 * A notification has no id: a reference-typed parameter gets {@code null} (a {@code long} fails the
 * call). Any other type fails startup.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PipeRequestId {

}
