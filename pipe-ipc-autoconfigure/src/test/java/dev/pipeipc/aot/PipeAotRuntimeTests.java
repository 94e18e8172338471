package dev.pipeipc.aot;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aot.AotDetector;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.SpringProperties;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import dev.pipeipc.annotation.PipeExchange;
import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.registry.ImportPipeExchanges;
import dev.pipeipc.server.PipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * An application processed ahead of time, its generated code compiled and run as
 * {@code -Dspring.aot.enabled=true} runs it (the flag set only while the generated code runs): the main server, an additional server and a client
 * come from the generated bean definitions, and an {@code @ImportPipeExchanges} interface calls a
 * handler over a real socket. Public, as are its nested types: the generated code refers to the
 * interface from the registrar's package.
 */
@CompileWithForkedClassLoader
public class PipeAotRuntimeTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	@AfterEach
	void resetAotMode() {
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, null);
	}

	private TestPropertyValues properties() {
		return TestPropertyValues.of("pipe.server.name=orders", "pipe.server.directory=" + this.directory,
				"pipe.servers.admin.directory=" + this.directory, "pipe.clients.orders.directory=" + this.directory,
				"pipe.clients.orders.request-timeout=10s");
	}

	@Test
	void generatedContextServesHandlersAndCallsThemThroughTheExchangeInterface() {
		runGenerated(properties(), (context) -> {
			context.refresh();
			assertThat(context.getBean("pipeServer", PipeServer.class).isRunning()).isTrue();
			assertThat(context.getBean("adminPipeServer", PipeServer.class).isRunning()).isTrue();
			assertThat(context.getBean("ordersPipeClient", PipeClient.class).getAddress())
				.isEqualTo(this.directory.resolve("orders.sock").toString());
			assertThat(context.getBean(OrdersClient.class).create(new NewOrder("tea", 3)))
				.isEqualTo(new Order(1, "tea", 3));
		});
	}

	@Test
	void clientTheBuildDidNotSeeFailsStartupNamingIt() {
		runGenerated(properties().and("pipe.clients.extra.pipe=extra"),
				(context) -> assertThatIllegalStateException().isThrownBy(context::refresh)
					.withMessageStartingWith("'pipe.clients.extra.*' is set, but the application was processed"
							+ " ahead of time without it, so it has no 'extraPipeClient' bean."));
	}

	/**
	 * Process the application ahead of time with {@link #properties()}, compile what that
	 * generates, and hand a context initialized by it, not yet refreshed, to the given action.
	 */
	private void runGenerated(TestPropertyValues runtimeProperties, Consumer<GenericApplicationContext> action) {
		TestGenerationContext generationContext = new TestGenerationContext();
		ClassName initializerName;
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			properties().applyTo(context);
			context.register(PipeApplication.class);
			initializerName = new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
		}
		generationContext.writeGeneratedContent();
		TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
			SpringProperties.setProperty(AotDetector.AOT_ENABLED, "true");
			try (GenericApplicationContext context = new GenericApplicationContext()) {
				// As Spring Boot runs it: a definition registered twice fails instead of replacing the first.
				context.setAllowBeanDefinitionOverriding(false);
				runtimeProperties.applyTo(context);
				@SuppressWarnings("unchecked")
				ApplicationContextInitializer<GenericApplicationContext> initializer = compiled
					.getInstance(ApplicationContextInitializer.class, initializerName.toString());
				initializer.initialize(context);
				action.accept(context);
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, PipeAutoConfiguration.class })
	@ImportPipeExchanges(client = "orders", types = OrdersClient.class)
	public static class PipeApplication {

		@Bean
		public OrderHandlers orderHandlers() {
			return new OrderHandlers();
		}

	}

	public static class OrderHandlers {

		@PipeHandler("orders.create")
		public Order create(NewOrder order) {
			return new Order(1, order.item(), order.quantity());
		}

	}

	@PipeExchange("orders")
	public interface OrdersClient {

		@PipeExchange
		Order create(NewOrder order);

	}

	public record NewOrder(String item, int quantity) {
	}

	public record Order(long id, String item, int quantity) {
	}

}
