package dev.pipeipc.annotation;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link PipeParam @PipeParam} names as {@link PipeHandlerAnnotationBeanPostProcessor} puts them
 * on each {@link PipeHandlerMethod}, without a context.
 */
class PipeParamTests {

	private final PipeHandlerRegistry registry = new PipeHandlerRegistry();

	private final PipeHandlerAnnotationBeanPostProcessor postProcessor = new PipeHandlerAnnotationBeanPostProcessor(
			this.registry);

	private PipeHandlerMethod register(Object bean, String method) {
		this.postProcessor.postProcessAfterInitialization(bean, "handlers");
		PipeHandlerMethod endpoint = this.registry.find(PipeHandlerRegistry.DEFAULT_SERVER, method);
		assertThat(endpoint).as("endpoint %s", method).isNotNull();
		return endpoint;
	}

	@Test
	void namesGivenWithPipeParamAreDeclaredOnTheEndpoint() {
		PipeHandlerMethod endpoint = register(new Orders(), "orders.find");
		assertThat(endpoint.getDeclaredParameterName(0)).isEqualTo("customer");
		assertThat(endpoint.getDeclaredParameterName(1)).isNull();
	}

	@Test
	void namesGivenOnTheInterfaceMethodAreFound() {
		PipeHandlerMethod endpoint = register(new InterfaceOrders(), "orders.count");
		assertThat(endpoint.getDeclaredParameterName(0)).isEqualTo("customer");
	}

	@Test
	void blankNameFailsNamingTheBeanMethodAndParameter() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessAfterInitialization(new BlankName(), "blankName"))
			.withMessageStartingWith("Parameter 0 of @PipeHandler method")
			.withMessageContaining("BlankName.find(java.lang.String)", "(bean 'blankName')",
					"has a blank @PipeParam name");
	}

	@Test
	void sameNameOnTwoParametersFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessAfterInitialization(new SameName(), "sameName"))
			.withMessageContaining("(bean 'sameName') names two parameters 'id' with @PipeParam");
	}

	static class Orders {

		@PipeHandler("orders.find")
		List<String> find(@PipeParam("customer") String customerId, int limit) {
			return List.of();
		}

	}

	interface OrderCounter {

		int count(@PipeParam("customer") String customerId);

	}

	static class InterfaceOrders implements OrderCounter {

		@Override
		@PipeHandler("orders.count")
		public int count(String customerId) {
			return 0;
		}

	}

	static class BlankName {

		@PipeHandler("find")
		String find(@PipeParam(" ") String value) {
			return value;
		}

	}

	static class SameName {

		@PipeHandler("find")
		String find(@PipeParam("id") String first, @PipeParam("id") String second) {
			return first + second;
		}

	}

}
