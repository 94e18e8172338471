package dev.pipeipc.server.jsonrpc.annotation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.node.IntNode;

import dev.pipeipc.annotation.PipeControllerAdvice;
import dev.pipeipc.annotation.PipeExceptionHandler;
import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.jsonrpc.JsonRpcError;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PipeExceptionHandlerResolver} with handler beans and advice beans of a real application
 * context, invoked without a server.
 */
class PipeExceptionHandlerResolverTests {

	private static PipeExceptionHandlerResolver resolver(Class<?>... adviceTypes) {
		GenericApplicationContext context = new GenericApplicationContext();
		for (Class<?> type : adviceTypes) {
			context.registerBean(type);
		}
		context.refresh();
		return new PipeExceptionHandlerResolver(() -> PipeControllerAdviceBean.findAnnotatedBeans(context));
	}

	private static TestRequest request(Object bean) {
		return TestRequest.to(bean, "orders", "", "get", IntNode.valueOf(3));
	}

	@Test
	void closestExceptionTypeOnTheHandlersBeanWins() {
		PipeExceptionHandlerResolver resolver = resolver();
		TestRequest request = request(new LocalHandlers());
		assertThat(resolver.resolveException(new NumberFormatException("x"), request))
			.isEqualTo(new JsonRpcError(1, "number format"));
		assertThat(resolver.resolveException(new IllegalArgumentException("x"), request))
			.isEqualTo(new JsonRpcError(2, "illegal argument"));
		assertThat(resolver.resolveException(new IllegalStateException("x"), request))
			.isEqualTo(new JsonRpcError(3, "runtime"));
		assertThat(resolver.resolveException(new Exception("checked"), request)).isNull();
	}

	@Test
	void causeIsMatchedWhenTheExceptionItselfIsNot() {
		JsonRpcError error = resolver().resolveException(new Exception("wrapper", new NumberFormatException("x")),
				request(new LocalHandlers()));
		assertThat(error).isEqualTo(new JsonRpcError(1, "number format"));
	}

	@Test
	void exceptionHandlerTakesTheSessionTheRequestAndTheHandler() {
		JsonRpcError error = resolver().resolveException(new UnsupportedOperationException("nope"),
				request(new LocalHandlers()));
		assertThat(error).isEqualTo(new JsonRpcError(4, "nope", Map.of("method", "get", "id", "3", "session", 5L,
				"bean", "orders")));
	}

	@Test
	void handlersOwnBeanComesBeforeAdvice() {
		assertThat(resolver(FirstAdvice.class).resolveException(new IllegalArgumentException("x"),
				request(new LocalHandlers())))
			.isEqualTo(new JsonRpcError(2, "illegal argument"));
	}

	@Test
	void adviceAnswersForHandlersWithoutTheirOwnAndIsAskedInItsOrder() {
		PipeExceptionHandlerResolver resolver = resolver(SecondAdvice.class, FirstAdvice.class);
		assertThat(resolver.resolveException(new IllegalStateException("x"), request(new PlainHandlers())))
			.isEqualTo(new JsonRpcError(100, "first advice"));
	}

	@Test
	void exceptionHandlerReturningNullLeavesTheExceptionToTheNextAdvice() {
		PipeExceptionHandlerResolver resolver = resolver(FirstAdvice.class, SecondAdvice.class);
		assertThat(resolver.resolveException(new ArithmeticException("pass"), request(new PlainHandlers())))
			.isEqualTo(new JsonRpcError(200, "second advice"));
	}

	@Test
	void exceptionHandlerMayThrowAJsonRpcExceptionToAnswer() {
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> resolver(FirstAdvice.class).resolveException(new ClassCastException(),
					request(new PlainHandlers())))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(101));
	}

	@Test
	void adviceLimitedToServersBeanTypesOrPackagesAnswersOnlyForThose() {
		PipeExceptionHandlerResolver resolver = resolver(ServerAdvice.class, TypeAdvice.class, PackageAdvice.class);
		IllegalStateException ex = new IllegalStateException("x");
		assertThat(resolver.resolveException(ex, TestRequest.to(new PlainHandlers(), "plain", "admin", "get", null)))
			.isEqualTo(new JsonRpcError(300, "admin server"));
		assertThat(resolver.resolveException(ex, TestRequest.to(new TypedHandlers(), "typed", "", "get", null)))
			.isEqualTo(new JsonRpcError(400, "typed bean"));
		assertThat(resolver.resolveException(ex, TestRequest.to(new PlainHandlers(), "plain", "", "get", null)))
			.isEqualTo(new JsonRpcError(500, "this package"));
		assertThat(resolver.resolveException(ex, TestRequest.to("not in package", "text", "", "length", null)))
			.isNull();
	}

	@Test
	void twoMethodsOfOneBeanForTheSameTypeFailWhenPrepared() {
		PipeHandlerMethod handler = request(new AmbiguousHandlers()).handler();
		assertThatExceptionOfType(InvalidPipeExceptionHandlerException.class)
			.isThrownBy(() -> resolver().prepare(handler))
			.withMessageStartingWith("Bean 'orders' has two @PipeExceptionHandler methods for"
					+ " java.lang.IllegalStateException: PipeExceptionHandlerResolverTests.AmbiguousHandlers.")
			.withMessageEndingWith(", so which one answers is left to chance.")
			.satisfies((ex) -> assertThat(ex.getAction()).startsWith("Keep one method for IllegalStateException"));
	}

	@Test
	void ambiguousAdviceFailsWhenTheFirstHandlerIsPrepared() {
		PipeHandlerMethod handler = request(new PlainHandlers()).handler();
		assertThatExceptionOfType(InvalidPipeExceptionHandlerException.class)
			.isThrownBy(() -> resolver(AmbiguousAdvice.class).prepare(handler))
			.withMessageContaining("PipeExceptionHandlerResolverTests$AmbiguousAdvice' has two");
	}

	@Test
	void exceptionHandlerReturningAnythingButAJsonRpcErrorFailsSayingWhatToReturn() {
		assertThatExceptionOfType(InvalidPipeExceptionHandlerException.class)
			.isThrownBy(() -> resolver().prepare(request(new WrongReturn()).handler()))
			.withMessage("@PipeExceptionHandler method PipeExceptionHandlerResolverTests.WrongReturn.handle (bean"
					+ " 'orders') returns String, but an exception handler answers with a JsonRpcError.");
	}

	@Test
	void exceptionHandlerTakingWhatItIsNotGivenFails() {
		assertThatExceptionOfType(InvalidPipeExceptionHandlerException.class)
			.isThrownBy(() -> resolver().prepare(request(new WrongParameter()).handler()))
			.withMessageContaining("takes a parameter of type StringBuilder, which an exception handler is not given.");
	}

	@Test
	void exceptionHandlerNamingNoExceptionTypeFails() {
		assertThatExceptionOfType(InvalidPipeExceptionHandlerException.class)
			.isThrownBy(() -> resolver().prepare(request(new NoType()).handler()))
			.withMessageContaining("names no exception type to handle");
	}

	static class PlainHandlers {

		String get() {
			return "";
		}

	}

	static class LocalHandlers {

		String get() {
			return "";
		}

		@PipeExceptionHandler
		JsonRpcError numberFormat(NumberFormatException ex) {
			return new JsonRpcError(1, "number format");
		}

		@PipeExceptionHandler
		JsonRpcError illegalArgument(IllegalArgumentException ex) {
			return new JsonRpcError(2, "illegal argument");
		}

		@PipeExceptionHandler(RuntimeException.class)
		JsonRpcError runtime() {
			return new JsonRpcError(3, "runtime");
		}

		@PipeExceptionHandler
		JsonRpcError unsupported(PipeSession session, UnsupportedOperationException ex, PipeRequestContext request,
				PipeHandlerMethod handler) {
			return new JsonRpcError(4, String.valueOf(ex.getMessage()), Map.of("method", request.method(), "id",
					String.valueOf(request.id()), "session", session.id(), "bean", handler.getBeanName()));
		}

	}

	static class TypedHandlers extends PlainHandlers {

	}

	@PipeControllerAdvice
	@Order(1)
	static class FirstAdvice {

		@PipeExceptionHandler
		JsonRpcError any(RuntimeException ex) {
			return new JsonRpcError(100, "first advice");
		}

		@PipeExceptionHandler
		JsonRpcError arithmetic(ArithmeticException ex) {
			return null;
		}

		@PipeExceptionHandler
		JsonRpcError classCast(ClassCastException ex) {
			throw new JsonRpcException(101, "thrown");
		}

	}

	@PipeControllerAdvice
	@Order(2)
	static class SecondAdvice {

		@PipeExceptionHandler
		JsonRpcError any(RuntimeException ex) {
			return new JsonRpcError(200, "second advice");
		}

	}

	@PipeControllerAdvice(servers = "admin")
	@Order(1)
	static class ServerAdvice {

		@PipeExceptionHandler
		JsonRpcError any(RuntimeException ex) {
			return new JsonRpcError(300, "admin server");
		}

	}

	@PipeControllerAdvice(assignableTypes = TypedHandlers.class)
	@Order(2)
	static class TypeAdvice {

		@PipeExceptionHandler
		JsonRpcError any(RuntimeException ex) {
			return new JsonRpcError(400, "typed bean");
		}

	}

	@PipeControllerAdvice(basePackageClasses = PipeExceptionHandlerResolverTests.class)
	@Order(3)
	static class PackageAdvice {

		@PipeExceptionHandler
		JsonRpcError any(RuntimeException ex) {
			return new JsonRpcError(500, "this package");
		}

	}

	static class AmbiguousHandlers extends PlainHandlers {

		@PipeExceptionHandler
		JsonRpcError one(IllegalStateException ex) {
			return new JsonRpcError(1, "one");
		}

		@PipeExceptionHandler(IllegalStateException.class)
		JsonRpcError two() {
			return new JsonRpcError(2, "two");
		}

	}

	@PipeControllerAdvice
	static class AmbiguousAdvice extends AmbiguousHandlers {

	}

	static class WrongReturn extends PlainHandlers {

		@PipeExceptionHandler
		String handle(IllegalStateException ex) {
			return "no";
		}

	}

	static class WrongParameter extends PlainHandlers {

		@PipeExceptionHandler
		JsonRpcError handle(IllegalStateException ex, StringBuilder builder) {
			return new JsonRpcError(1, "no");
		}

	}

	static class NoType extends PlainHandlers {

		@PipeExceptionHandler
		JsonRpcError handle(PipeSession session) {
			return new JsonRpcError(1, "no");
		}

	}

}
