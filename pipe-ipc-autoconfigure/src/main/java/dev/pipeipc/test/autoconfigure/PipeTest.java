package dev.pipeipc.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.autoconfigure.json.AutoConfigureJson;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test of pipe handlers: starts only the pipe infrastructure (and Jackson) with the named
 * handler beans, serves them on a pipe whose name and directory are unique to the test's
 * context, and provides a {@link dev.pipeipc.test.PipeTester} that calls them over that pipe.
 * <pre class="code">
 * &#64;PipeTest(handlers = OrderHandlers.class)
 * class OrderHandlersTests {
 *
 *     &#64;Autowired
 *     PipeTester tester;
 *
 *     &#64;MockitoBean
 *     OrderDesk desk;
 *
 *     &#64;Test
 *     void unknownOrderIsAnError() {
 *         this.tester.call("orders.get", 42).isError(1001).hasMessageContaining("42");
 *     }
 *
 * }
 * </pre>
 * Component scanning finds the handler classes named in {@link #handlers()} (all classes with
 * {@code @PipeHandler} methods when none are named), {@code @PipeControllerAdvice} beans,
 * {@code PipeHandlerArgumentResolver}, {@code PipeExceptionResolver} and
 * {@code PipeHandlerValidator} beans, Jackson modules and components, and the types listed in
 * {@code META-INF/spring/dev.pipeipc.test.autoconfigure.PipeTest.includes};
 * every other bean the handlers need comes from the test: {@code @MockitoBean},
 * {@code @TestBean}, or {@code @Import}. Only the auto-configurations listed for
 * {@link AutoConfigurePipe @AutoConfigurePipe},
 * {@link AutoConfigurePipeTester @AutoConfigurePipeTester} and Jackson's are applied.
 * <p>
 * The pipe's name ({@code pipe.server.name}) and socket directory ({@code pipe.server.directory})
 * are set to ones of this context's own, so tests run in parallel and next to a running
 * application without meeting; {@link #properties()} can set them otherwise.
 *
 * @see AutoConfigurePipeTester
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(PipeTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(PipeTypeExcludeFilter.class)
@AutoConfigureJson
@AutoConfigurePipe
@AutoConfigurePipeTester
@ImportAutoConfiguration
public @interface PipeTest {

	/**
	 * Properties in the form {@literal key=value} added to the environment before the test runs.
	 * @return the properties to add
	 */
	String[] properties() default {};

	/**
	 * Alias for {@link #handlers()}.
	 * @return the handler classes to test
	 */
	@AliasFor("handlers")
	Class<?>[] value() default {};

	/**
	 * The classes whose {@code @PipeHandler} methods to test. Empty means every class with
	 * {@code @PipeHandler} methods that component scanning finds.
	 * @return the handler classes to test
	 */
	@AliasFor("value")
	Class<?>[] handlers() default {};

	/**
	 * Whether the default filtering applies: only handler classes, Jackson modules and components,
	 * and the listed includes are scanned.
	 * @return whether the default filters are used
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Include filters for beans that would otherwise be filtered out.
	 * @return include filters to apply
	 */
	ComponentScan.Filter[] includeFilters() default {};

	/**
	 * Exclude filters for beans that would otherwise be scanned.
	 * @return exclude filters to apply
	 */
	ComponentScan.Filter[] excludeFilters() default {};

	/**
	 * Auto-configurations not to apply in this test.
	 * @return auto-configuration exclusions to apply
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
