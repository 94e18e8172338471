package dev.pipeipc.server.jsonrpc;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.jsonrpc.PipeProgress;
import dev.pipeipc.server.FakeSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ParameterBinder} with {@link PipeProgress} parameters: unlike the other resolved
 * parameters, a progress parameter takes a place in the params, by position and by name, whose
 * value is the caller's token; a null or missing token gives a reporter that sends nothing; the
 * count and name checks include it; and it never takes the whole params object.
 */
class ProgressParameterBindingTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final FakeSession session = new FakeSession(3);

	private RequestContext request;

	private @Nullable Object[] bind(String methodName, @Nullable String params) throws Exception {
		Method method = ReflectionUtils.findMethod(Handlers.class, methodName, (Class<?>[]) null);
		assertThat(method).as("method %s", methodName).isNotNull();
		PipeHandlerMethod endpoint = new PipeHandlerMethod("", methodName, new Handlers(), "handlers", method);
		ParameterBinder binder = new ParameterBinder(endpoint, HandlerParameterNames.of(endpoint));
		JsonNode node = (params != null) ? json.readTree(params) : null;
		this.request = new RequestContext(new JsonRpcRequest(json.readTree("7"), methodName, node), endpoint,
				this.session, null);
		return binder.bind(node, this.request, json);
	}

	@Test
	void tokenTakesTheParametersPosition() throws Exception {
		@Nullable Object[] arguments = bind("count", "[3, \"tok\"]");
		assertThat(arguments[0]).isEqualTo(3);
		assertThat(arguments[1]).isInstanceOf(ProgressReporter.class).hasToString("progress \"tok\" of session 3");
		assertThat(this.request.hasProgress()).isTrue();
	}

	@Test
	void tokenIsFoundByTheParametersName() throws Exception {
		@Nullable Object[] arguments = bind("count", "{\"progress\": 12, \"upTo\": 3}");
		assertThat(arguments[1]).hasToString("progress 12 of session 3");
	}

	@Test
	void progressBeforeOtherParamsTakesTheFirstPosition() throws Exception {
		@Nullable Object[] arguments = bind("progressFirst", "[[1], 2]");
		assertThat(arguments[0]).hasToString("progress [1] of session 3");
		assertThat(arguments[1]).isEqualTo(2);
	}

	@Test
	void nullOrMissingTokenGivesAReporterThatSendsNothing() throws Exception {
		assertThat(bind("count", "[3, null]")[1]).isSameAs(ProgressArgumentResolver.NONE);
		assertThat(bind("count", "[3]")[1]).isSameAs(ProgressArgumentResolver.NONE);
		assertThat(bind("count", "{\"upTo\": 3}")[1]).isSameAs(ProgressArgumentResolver.NONE);
		assertThat(this.request.hasProgress()).isFalse();
		((PipeProgress<Object>) ProgressArgumentResolver.NONE).report(1);
		assertThat(this.session.notified()).isEmpty();
	}

	@Test
	void theProgressParamCountsTowardsTheParamsAMethodTakes() {
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> bind("count", "[3, 1, 2]"))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.INVALID_PARAMS))
			.withMessage("Method 'count' takes 2 params but 3 were given");
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> bind("count", "{\"upTo\": 3, \"progress\": 1, \"extra\": 2}"))
			.withMessage("Method 'count' has no parameter named 'extra'");
	}

	@Test
	void aLoneProgressParameterNeverTakesTheWholeParamsObject() throws Exception {
		assertThat(bind("only", "{\"progress\": \"t\"}")[0]).hasToString("progress \"t\" of session 3");
	}

	@Test
	void otherResolvedParametersStillTakeNoPlace() throws Exception {
		@Nullable Object[] arguments = bind("withCancellation", "[\"t\", 5]");
		assertThat(arguments[0]).isInstanceOf(PipeCancellation.class);
		assertThat(arguments[1]).hasToString("progress \"t\" of session 3");
		assertThat(arguments[2]).isEqualTo(5);
	}

	static class Handlers {

		int count(int upTo, PipeProgress<Integer> progress) {
			return upTo;
		}

		int progressFirst(PipeProgress<Integer> progress, int upTo) {
			return upTo;
		}

		void only(PipeProgress<String> progress) {
		}

		void withCancellation(PipeCancellation cancellation, PipeProgress<String> progress, int upTo) {
		}

	}

}
