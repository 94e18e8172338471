package dev.pipeipc.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Provides a {@link dev.pipeipc.test.PipeTester} bean that calls the application's main pipe
 * server: part of {@link PipeTest @PipeTest}, and usable on a {@code @SpringBootTest} to test the
 * whole application over its pipe.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigurePipeTester {

}
