package dev.pipeipc.aot;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.javapoet.ClassName;
import org.springframework.util.ReflectionUtils;

import dev.pipeipc.annotation.PipeExceptionHandler;
import dev.pipeipc.annotation.PipeExchange;
import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.autoconfigure.PipeProperties;
import dev.pipeipc.autoconfigure.PipeServerProperties;
import dev.pipeipc.client.registry.ImportPipeExchanges;
import dev.pipeipc.jsonrpc.JsonRpcError;
import dev.pipeipc.server.PipeSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ahead-of-time processing of an application with the pipe auto-configuration, a handler bean, an
 * additional server, a configured client and an {@code @ImportPipeExchanges} interface, as
 * {@code spring-boot:process-aot} runs it: every bean definition is written as code, and the
 * runtime hints cover handler and exception handler invocation, binding, the client proxy and the
 * properties.
 */
class PipeAotProcessingTests {

	private final InMemoryGeneratedFiles generatedFiles = new InMemoryGeneratedFiles();

	private final DefaultGenerationContext generationContext = new DefaultGenerationContext(
			new ClassNameGenerator(ClassName.get("com.example", "PipeApplication")), this.generatedFiles);

	private RuntimeHints processAheadOfTime() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues.of("pipe.servers.admin.name=admin", "pipe.clients.orders.pipe=orders")
				.applyTo(context);
			context.register(PipeApplication.class);
			new ApplicationContextAotGenerator().processAheadOfTime(context, this.generationContext);
		}
		this.generationContext.writeGeneratedContent();
		return this.generationContext.getRuntimeHints();
	}

	private String generatedSources() {
		StringBuilder sources = new StringBuilder();
		this.generatedFiles.getGeneratedFiles(Kind.SOURCE).values().forEach((file) -> {
			try (var content = file.getInputStream()) {
				sources.append(new String(content.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		return sources.toString();
	}

	@Test
	void configuredServersAndClientsAndExchangesAreWrittenAsCode() {
		processAheadOfTime();
		assertThat(generatedSources()).contains("\"adminPipeServer\"", "\"ordersPipeClient\"", "\"ordersClient\"",
				"PipeExchangeFactoryBean", "ConfiguredPipeBeans", "ConfiguredPipeClients");
	}

	@Test
	void handlerMethodsAreInvocableAndTheirTypesBindable() {
		RuntimeHints hints = processAheadOfTime();
		Method create = ReflectionUtils.findMethod(OrderHandlers.class, "create", NewOrder.class);
		Method find = ReflectionUtils.findMethod(OrderHandlers.class, "find", String.class, Optional.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(create)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(find)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(NewOrder.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Order.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "item")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(PipeSession.class)).rejects(hints);
	}

	@Test
	void exceptionHandlerMethodsAreInvocable() {
		RuntimeHints hints = processAheadOfTime();
		Method rejected = ReflectionUtils.findMethod(OrderHandlers.class, "rejected", IllegalArgumentException.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(rejected)).accepts(hints);
	}

	@Test
	void exchangeInterfaceIsAJdkProxyWithItsTypesBindable() {
		RuntimeHints hints = processAheadOfTime();
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(OrdersClient.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrdersClient.class, "find")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Receipt.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Query.class)).accepts(hints);
	}

	@Test
	void propertiesAreBindable() {
		RuntimeHints hints = processAheadOfTime();
		assertThat(RuntimeHintsPredicates.reflection().onType(PipeProperties.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PipeServerProperties.class, "setName"))
			.accepts(hints);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, PipeAutoConfiguration.class })
	@ImportPipeExchanges(client = "orders", types = OrdersClient.class)
	static class PipeApplication {

		@Bean
		OrderHandlers orderHandlers() {
			return new OrderHandlers();
		}

	}

	public static class OrderHandlers {

		@PipeHandler("orders.create")
		public Order create(NewOrder order) {
			return new Order(1, order.item());
		}

		@PipeHandler("orders.find")
		public List<Order> find(String item, Optional<Integer> minQuantity) {
			return List.of();
		}

		@PipeHandler("orders.log")
		public void log(String message, PipeSession session) {
		}

		@PipeExceptionHandler
		public JsonRpcError rejected(IllegalArgumentException ex) {
			return new JsonRpcError(1002, "Rejected", null);
		}

	}

	@PipeExchange("orders")
	public interface OrdersClient {

		@PipeExchange
		CompletableFuture<List<Receipt>> find(Query query);

	}

	public record NewOrder(String item, int quantity) {
	}

	public record Order(long id, String item) {
	}

	public record Query(String item) {
	}

	public record Receipt(long id) {
	}

}
