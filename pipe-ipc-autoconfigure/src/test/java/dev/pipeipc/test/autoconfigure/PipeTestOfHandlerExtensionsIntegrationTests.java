package dev.pipeipc.test.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.test.PipeTester;
import dev.pipeipc.test.SignupHandlers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link PipeTest @PipeTest} of handlers that rely on Bean Validation, a
 * {@code @PipeControllerAdvice} and an argument resolver bean: the slice applies all three, as
 * {@code @WebMvcTest} applies validation, {@code @ControllerAdvice} beans and argument resolvers.
 */
@PipeTest(handlers = SignupHandlers.class)
class PipeTestOfHandlerExtensionsIntegrationTests {

	@Autowired
	PipeTester tester;

	@Test
	void paramsBreakingAConstraintAreAnsweredWithTheirViolation() {
		this.tester.callWithParams("signup.create", Map.of("email", " "))
			.isError(JsonRpcErrorCodes.INVALID_PARAMS)
			.hasDataSatisfying((data) -> assertThat(data.get("violations").toString())
				.isEqualTo("[{\"path\":\"signup.email\",\"message\":\"needs an email\",\"invalidValue\":\" \"}]"));
	}

	@Test
	void adviceBeanAnswersTheHandlersException() {
		this.tester.call("signup.get", 7)
			.isError(SignupHandlers.NO_SIGNUP)
			.hasDataSatisfying((data) -> assertThat(data.get("id").asLong()).isEqualTo(7));
	}

	@Test
	void argumentResolverBeanGivesItsParameter() {
		this.tester.callWithParams("signup.create", Map.of("email", "ada@example.org"))
			.isSuccess()
			.satisfies((result) -> assertThat(result.asString()).startsWith("ada@example.org referred by session "));
	}

}
