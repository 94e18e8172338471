package dev.pipeipc.server.jsonrpc.annotation;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeParams;
import dev.pipeipc.annotation.PipeRequestId;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.jsonrpc.InvalidHandlerParameterException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RequestIdArgumentResolver} and {@link ParamsArgumentResolver} on the parameters of a
 * handler class.
 */
class RequestIdArgumentResolverTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RequestIdArgumentResolver resolver = new RequestIdArgumentResolver();

	private static MethodParameter parameter(String methodName) {
		return new MethodParameter(ReflectionUtils.findMethod(Handlers.class, methodName, (Class<?>[]) null), 0);
	}

	private @Nullable Object resolve(String methodName, @Nullable String id) {
		MethodParameter parameter = parameter(methodName);
		assertThat(this.resolver.supportsParameter(parameter)).isTrue();
		JsonNode node = (id != null) ? json.readTree(id) : null;
		return this.resolver.resolveArgument(parameter, TestRequest.to(new Handlers(), "handlers", "", methodName, node));
	}

	@Test
	void idIsGivenAsTheParameterTypeAsks() {
		assertThat(resolve("node", "\"a-1\"")).isEqualTo(json.readTree("\"a-1\""));
		assertThat(resolve("text", "\"a-1\"")).isEqualTo("a-1");
		assertThat(resolve("text", "42")).isEqualTo("42");
		assertThat(resolve("number", "42")).isEqualTo(42L);
		assertThat(resolve("boxed", "42")).isEqualTo(42L);
		assertThat(resolve("any", "\"a-1\"")).isEqualTo("a-1");
		assertThat(resolve("any", "42")).isEqualTo(42L);
		assertThat(resolve("any", "123456789012345678901234567890")).hasToString("123456789012345678901234567890");
	}

	@Test
	void notificationGivesNullToReferenceTypes() {
		assertThat(resolve("text", null)).isNull();
		assertThat(resolve("boxed", null)).isNull();
		assertThat(resolve("node", null)).isNull();
	}

	@Test
	void stringIdForALongParameterFailsTheCall() {
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> resolve("number", "\"a-1\""))
			.withMessage("The request to method 'number' has id \"a-1\", but the handler's @PipeRequestId parameter"
					+ " takes only a whole number")
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST));
	}

	@Test
	void unsupportedTypeFailsWhenTheParameterIsChecked() {
		assertThatExceptionOfType(InvalidHandlerParameterException.class)
			.isThrownBy(() -> this.resolver.supportsParameter(parameter("date")))
			.withMessage("Parameter 'id' is annotated @PipeRequestId but has type Integer, which a request id cannot be.")
			.satisfies((ex) -> assertThat(ex.getAction()).isEqualTo("Declare it JsonNode, String, long, Long or Object."));
	}

	@Test
	void unannotatedParameterIsNotSupported() {
		assertThat(this.resolver.supportsParameter(parameter("plain"))).isFalse();
	}

	@Test
	void paramsParameterGetsTheWholeParamsAndReadsThem() {
		ParamsArgumentResolver params = new ParamsArgumentResolver();
		MethodParameter parameter = parameter("raw");
		assertThat(params.supportsParameter(parameter)).isTrue();
		assertThat(params.readsParams(parameter)).isTrue();
		assertThat(params.supportsParameter(parameter("node"))).isFalse();
		assertThatExceptionOfType(InvalidHandlerParameterException.class)
			.isThrownBy(() -> params.supportsParameter(parameter("rawText")))
			.withMessageContaining("is annotated @PipeParams but has type String");
	}

	static class Handlers {

		void node(@PipeRequestId JsonNode id) {
		}

		void text(@PipeRequestId String id) {
		}

		void number(@PipeRequestId long id) {
		}

		void boxed(@PipeRequestId Long id) {
		}

		void any(@PipeRequestId Object id) {
		}

		void date(@PipeRequestId Integer id) {
		}

		void plain(String id) {
		}

		void raw(@PipeParams JsonNode params) {
		}

		void rawText(@PipeParams String params) {
		}

	}

}
