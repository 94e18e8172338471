package dev.pipeipc.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.config.PipeHandlerRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@link PipeHandlerAnnotationBeanPostProcessor} finds {@link PipeHandler @PipeHandler}
 * methods: its quick look at the annotations a class's methods declare must rule out no class the
 * full search would find a handler on.
 */
class PipeHandlerAnnotationBeanPostProcessorTests {

	private final PipeHandlerRegistry registry = new PipeHandlerRegistry();

	private final PipeHandlerAnnotationBeanPostProcessor postProcessor = new PipeHandlerAnnotationBeanPostProcessor(
			this.registry);

	private boolean registers(Object bean, String method) {
		this.postProcessor.postProcessAfterInitialization(bean, "bean");
		return this.registry.find(PipeHandlerRegistry.DEFAULT_SERVER, method) != null;
	}

	@Test
	void handlerDeclaredOnTheClassIsFound() {
		assertThat(registers(new Direct(), "direct")).isTrue();
	}

	@Test
	void handlerDeclaredOnASuperclassIsFound() {
		assertThat(registers(new Inheriting(), "inherited")).isTrue();
	}

	@Test
	void handlerDeclaredOnTheInterfaceOfAnInterfaceIsFound() {
		assertThat(registers(new DeepImplementation(), "deep")).isTrue();
	}

	@Test
	void handlerDeclaredOnAnInterfaceOfASuperclassIsFound() {
		assertThat(registers(new SubclassOfImplementation(), "deep")).isTrue();
	}

	@Test
	void handlerDeclaredThroughAComposedAnnotationIsFound() {
		assertThat(registers(new Composed(), "composed")).isTrue();
	}

	@Test
	void beanWithoutHandlersRegistersNothing() {
		this.postProcessor.postProcessAfterInitialization(JsonMapper.builder().build(), "jsonMapper");
		this.postProcessor.postProcessAfterInitialization(new Unannotated(), "plain");
		assertThat(this.registry.getServerIds()).isEmpty();
	}

	static class Direct {

		@PipeHandler("direct")
		String handle() {
			return "direct";
		}

	}

	static class Base {

		@PipeHandler("inherited")
		public String handle() {
			return "inherited";
		}

	}

	static class Inheriting extends Base {

	}

	interface DeepContract {

		@PipeHandler("deep")
		String handle();

	}

	interface Contract extends DeepContract {

	}

	static class DeepImplementation implements Contract {

		@Override
		public String handle() {
			return "deep";
		}

	}

	static class SubclassOfImplementation extends DeepImplementation {

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@PipeHandler
	@interface Query {

	}

	static class Composed {

		@Query
		public String composed() {
			return "composed";
		}

	}

	static class Unannotated {

		@Deprecated
		public String handle() {
			return "none";
		}

	}

}
