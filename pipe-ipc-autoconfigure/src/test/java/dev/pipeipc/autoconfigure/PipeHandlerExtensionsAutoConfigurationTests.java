package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.support.SpringFactoriesLoader;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeControllerAdvice;
import dev.pipeipc.annotation.PipeExceptionHandler;
import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.annotation.PipeParams;
import dev.pipeipc.annotation.PipeRequestId;
import dev.pipeipc.jsonrpc.JsonRpcError;
import dev.pipeipc.server.jsonrpc.PipeHandlerArgumentResolver;
import dev.pipeipc.server.jsonrpc.PipeHandlerValidator;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;
import dev.pipeipc.server.jsonrpc.annotation.InvalidPipeExceptionHandlerException;
import dev.pipeipc.transport.PipePeer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation, exception handlers and argument resolvers as the auto-configuration sets them up, in
 * real contexts, called over real sockets.
 */
class PipeHandlerExtensionsAutoConfigurationTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration(this.directory)
			.withPropertyValues("pipe.server.name=extensions")
			.withBean("orders", Orders.class);
	}

	private ApplicationContextRunner withValidation() {
		return runner().withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class));
	}

	private JsonNode call(String method, String params) {
		try {
			return JsonRpcSocketCall.call(this.directory.resolve("extensions.sock"), method, params);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Calling " + method + " failed", ex);
		}
	}

	@Test
	void constraintViolationAnswersInvalidParamsListingEachViolation() {
		withValidation().run((context) -> {
			assertThat(context).hasSingleBean(PipeHandlerValidator.class);
			JsonNode error = call("orders.create", "{\"item\":\" \",\"quantity\":0}").get("error");
			assertThat(error.get("code").asInt()).isEqualTo(-32602);
			assertThat(error.get("message").asString()).isEqualTo("Params of method 'orders.create' are not valid");
			assertThat(error.get("data").get("method").asString()).isEqualTo("orders.create");
			assertThat(error.get("data").get("violations")).extracting(JsonNode::toString)
				.asString()
				.contains("{\"path\":\"order.item\",\"message\":\"item needed\",\"invalidValue\":\" \"}",
						"{\"path\":\"order.quantity\",\"message\":\"at least 1\",\"invalidValue\":0}");
			assertThat(call("orders.create", "{\"item\":\"tea\",\"quantity\":2}").get("result").asString())
				.isEqualTo("2 tea");
		});
	}

	@Test
	void applicationValidatorReplacesTheBeanValidationOne() {
		withValidation().withBean("myValidator", PipeHandlerValidator.class, () -> (handler, names) -> null)
			.run((context) -> {
				assertThat(context).hasSingleBean(PipeHandlerValidator.class).hasBean("myValidator");
				assertThat(call("orders.create", "{\"item\":\"tea\",\"quantity\":0}").get("result").asString())
					.isEqualTo("0 tea");
			});
	}

	@Test
	void withoutBeanValidationOnTheClassPathHandlersRunUnvalidated() {
		withValidation().withClassLoader(new FilteredClassLoader("jakarta.validation.", "org.hibernate.validator."))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(PipeHandlerValidator.class);
				assertThat(call("orders.create", "{\"item\":\" \",\"quantity\":0}").get("result").asString())
					.isEqualTo("0  ");
			});
	}

	@Test
	void withoutAValidatorBeanHandlersRunUnvalidated() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(PipeHandlerValidator.class);
			assertThat(call("orders.create", "{\"item\":\"tea\",\"quantity\":0}").get("result").asString())
				.isEqualTo("0 tea");
		});
	}

	@Test
	void exceptionHandlersOfTheBeanAndOfTheAdviceAnswerOverThePipe() {
		runner().withBean(OrderAdvice.class).run((context) -> {
			assertThat(call("orders.get", "[42]").get("error").toString())
				.isEqualTo("{\"code\":1001,\"message\":\"Order 42 does not exist\",\"data\":{\"id\":42}}");
			assertThat(call("orders.get", "[-1]").get("error").toString())
				.isEqualTo("{\"code\":1400,\"message\":\"Order ids are positive\"}");
			assertThat(call("orders.fail", "[]").get("error").toString())
				.isEqualTo("{\"code\":-32603,\"message\":\"Internal error\"}");
		});
	}

	@Test
	void ambiguousExceptionHandlersFailStartupWithAnAnalysis() {
		runner().withBean("ambiguous", AmbiguousAdvice.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPipeExceptionHandlerFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).startsWith("Bean 'ambiguous' has two @PipeExceptionHandler methods"
					+ " for java.lang.IllegalStateException");
			assertThat(analysis.getAction()).startsWith("Keep one method for IllegalStateException");
			assertThat(analysis.getCause()).isInstanceOf(InvalidPipeExceptionHandlerException.class);
		});
	}

	@Test
	void requestIdOnATypeItCannotBeFailsStartupWithAnAnalysis() {
		runner().withBean("dates", WrongRequestId.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidHandlerParameterFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).isEqualTo("JSON-RPC handler 'dates.at' (bean 'dates', method"
					+ " PipeHandlerExtensionsAutoConfigurationTests.WrongRequestId.at) cannot be served: Parameter 'id'"
					+ " is annotated @PipeRequestId but has type Integer, which a request id cannot be.");
			assertThat(analysis.getAction()).isEqualTo("Declare it JsonNode, String, long, Long or Object.");
		});
	}

	@Test
	void failureAnalyzersAreRegisteredForSpringBootToFind() {
		SpringFactoriesLoader.FailureHandler skipOthers = SpringFactoriesLoader.FailureHandler
			.handleMessage((message, failure) -> {
			});
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, skipOthers))
			.hasAtLeastOneElementOfType(InvalidHandlerParameterFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(InvalidPipeExceptionHandlerFailureAnalyzer.class);
	}

	@Test
	void argumentResolverBeansServeTheirParametersInTheirOrder() {
		runner().withBean("second", SecondTenantResolver.class)
			.withBean("first", PeerTenantResolver.class)
			.run((context) -> assertThat(call("orders.whoami", "{\"greeting\":\"Hi\"}").get("result").asString())
				.isEqualTo("Hi, " + System.getProperty("user.name")));
	}

	@Test
	void requestIdAndRawParamsAreGivenToTheirParameters() {
		runner().run((context) -> assertThat(call("orders.echo", "{\"any\":[1,2]}").get("result").toString())
			.isEqualTo("{\"id\":1,\"params\":{\"any\":[1,2]}}"));
	}

	record NewOrder(@NotBlank(message = "item needed") String item, @Min(value = 1, message = "at least 1") int quantity) {
	}

	record Tenant(String name) {
	}

	record Echo(long id, JsonNode params) {
	}

	static class OrderNotFoundException extends RuntimeException {

		final long id;

		OrderNotFoundException(long id) {
			super("No order " + id);
			this.id = id;
		}

	}

	static class Orders {

		@PipeHandler("orders.create")
		String create(@Valid NewOrder order) {
			return order.quantity() + " " + order.item();
		}

		@PipeHandler("orders.get")
		String get(long id) {
			if (id < 0) {
				throw new IllegalArgumentException("negative id");
			}
			throw new OrderNotFoundException(id);
		}

		@PipeHandler("orders.fail")
		String fail() {
			throw new IllegalStateException("unmapped");
		}

		@PipeHandler("orders.whoami")
		String whoami(Tenant tenant, String greeting) {
			return greeting + ", " + tenant.name();
		}

		@PipeHandler("orders.echo")
		Echo echo(@PipeRequestId long id, @PipeParams JsonNode params) {
			return new Echo(id, params);
		}

		@PipeExceptionHandler
		JsonRpcError negative(IllegalArgumentException ex) {
			return new JsonRpcError(1400, "Order ids are positive");
		}

	}

	static class WrongRequestId {

		@PipeHandler("dates.at")
		String at(@PipeRequestId Integer id) {
			return "";
		}

	}

	@PipeControllerAdvice
	static class OrderAdvice {

		@PipeExceptionHandler
		JsonRpcError notFound(OrderNotFoundException ex) {
			return new JsonRpcError(1001, "Order " + ex.id + " does not exist", Map.of("id", ex.id));
		}

	}

	@PipeControllerAdvice
	static class AmbiguousAdvice {

		@PipeExceptionHandler
		JsonRpcError one(IllegalStateException ex) {
			return new JsonRpcError(1, "one");
		}

		@PipeExceptionHandler(IllegalStateException.class)
		JsonRpcError two() {
			return new JsonRpcError(2, "two");
		}

	}

	@Order(1)
	static class PeerTenantResolver implements PipeHandlerArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == Tenant.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
			return new Tenant(request.peer().map(PipePeer::user).orElse("unknown"));
		}

	}

	@Order(2)
	static class SecondTenantResolver extends PeerTenantResolver {

		@Override
		public Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
			return new Tenant("second");
		}

	}

}
