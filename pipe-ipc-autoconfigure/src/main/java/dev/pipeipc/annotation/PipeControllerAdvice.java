package dev.pipeipc.annotation;

import java.lang.annotation.Annotation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean whose {@link PipeExceptionHandler @PipeExceptionHandler} methods answer for the
 * handlers of every bean, or of those it selects, the way Spring MVC's {@code @ControllerAdvice}
 * does. Detected by component scanning like any {@link Component @Component}; several advice beans
 * are asked in their {@link org.springframework.core.annotation.Order @Order}.
 * <p>
 * Without attributes an advice applies to every handler. {@link #servers()} limits it to the
 * handlers of some servers; {@link #basePackages()}, {@link #basePackageClasses()},
 * {@link #assignableTypes()} and {@link #annotations()} select handler beans, and a bean that
 * matches any of these selectors is selected (as with {@code @ControllerAdvice}). When both are
 * given, a handler must be on a listed server and on a selected bean.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface PipeControllerAdvice {

	/**
	 * Alias for {@link #basePackages()}.
	 * @return the base packages
	 */
	@AliasFor("basePackages")
	String[] value() default {};

	/**
	 * Packages whose handler beans (in them or below) this advice applies to.
	 * @return the base packages
	 */
	@AliasFor("value")
	String[] basePackages() default {};

	/**
	 * Type-safe {@link #basePackages()}: the package of each class given.
	 * @return classes whose packages are selected
	 */
	Class<?>[] basePackageClasses() default {};

	/**
	 * Handler bean types (or their supertypes) this advice applies to.
	 * @return the types
	 */
	Class<?>[] assignableTypes() default {};

	/**
	 * Annotations a handler bean's class carries for this advice to apply to it.
	 * @return the annotation types
	 */
	Class<? extends Annotation>[] annotations() default {};

	/**
	 * Ids of the servers whose handlers this advice applies to: {@code ""} for {@code pipe.server},
	 * the key of {@code pipe.servers.<id>} for the others; all servers when empty.
	 * @return the server ids
	 */
	String[] servers() default {};

}
