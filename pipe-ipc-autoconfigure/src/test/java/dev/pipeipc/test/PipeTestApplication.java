package dev.pipeipc.test;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the {@code @PipeTest} and {@code @AutoConfigurePipeTester} tests find: its
 * components are the handlers and services of this package.
 */
@SpringBootApplication
public class PipeTestApplication {

}
