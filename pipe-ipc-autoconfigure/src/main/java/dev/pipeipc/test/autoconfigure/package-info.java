/**
 * The {@link dev.pipeipc.test.autoconfigure.PipeTest @PipeTest} test slice and the
 * auto-configuration of a {@link dev.pipeipc.test.PipeTester} for tests, in the way of Spring
 * Boot's {@code @WebMvcTest} and {@code @GraphQlTest}. Needs spring-boot-test-autoconfigure,
 * spring-test and AssertJ on the test class path.
 */
@NullMarked
package dev.pipeipc.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
