package dev.pipeipc.server.jsonrpc.discovery;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Holds the {@link PipeHandlerError @PipeHandlerError} declarations of one method or class; written
 * by the compiler when the annotation is repeated.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PipeHandlerErrors {

	/**
	 * The declared errors.
	 * @return the declarations
	 */
	PipeHandlerError[] value();

}
