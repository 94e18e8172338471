package dev.pipeipc.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Applies the pipe auto-configuration in a test slice: servers, handler registration and
 * clients, and Bean Validation of handler arguments where it is present; no actuator
 * contributions, no observations. The auto-configurations are listed in
 * {@code META-INF/spring/dev.pipeipc.test.autoconfigure.AutoConfigurePipe.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigurePipe {

}
