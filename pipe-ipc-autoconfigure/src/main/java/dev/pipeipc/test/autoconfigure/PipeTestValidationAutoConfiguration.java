package dev.pipeipc.test.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Import;

import dev.pipeipc.autoconfigure.PipeAutoConfiguration;

/**
 * Spring Boot's validation auto-configuration in a {@link PipeTest @PipeTest}, as
 * {@code @WebMvcTest} applies it, so handlers are validated as in the application: imported only
 * when Spring Boot's validation module is on the class path, which {@code @AutoConfigurePipe}
 * cannot list directly for applications without it.
 */
@AutoConfiguration(before = PipeAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration")
@Import(ValidationAutoConfiguration.class)
public final class PipeTestValidationAutoConfiguration {

}
