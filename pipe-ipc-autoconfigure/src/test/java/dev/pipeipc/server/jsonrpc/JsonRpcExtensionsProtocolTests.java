package dev.pipeipc.server.jsonrpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.annotation.PipeHandlerAnnotationBeanPostProcessor;
import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.jsonrpc.JsonRpcError;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.FakeSession;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.RecordingReply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher with the application's extensions, without a socket: recording exception
 * resolvers and a recording validator around handlers driven through a session handler.
 */
class JsonRpcExtensionsProtocolTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Handlers handlers = new Handlers();

	private final FakeSession session = new FakeSession(4);

	private final RecordingExceptionResolver first = new RecordingExceptionResolver(IllegalArgumentException.class,
			new JsonRpcError(1001, "Rejected", Map.of("reason", "first")));

	private final RecordingExceptionResolver second = new RecordingExceptionResolver(RuntimeException.class,
			new JsonRpcError(1002, "Also rejected"));

	private final RecordingValidator validator = new RecordingValidator();

	private PipeProtocol.SessionHandler open(List<PipeExceptionResolver> exceptionResolvers) {
		PipeHandlerRegistry registry = new PipeHandlerRegistry();
		new PipeHandlerAnnotationBeanPostProcessor(registry).postProcessAfterInitialization(this.handlers, "handlers");
		JsonRpcProtocol protocol = new JsonRpcProtocol(PipeHandlerRegistry.DEFAULT_SERVER, "unit", registry, json,
				false, new JsonRpcExtensions(List.of(), exceptionResolvers, this.validator));
		protocol.start();
		return protocol.open(this.session);
	}

	private PipeProtocol.SessionHandler open() {
		return open(List.of(this.first, this.second));
	}

	private static JsonNode handle(PipeProtocol.SessionHandler handler, String method, String params) {
		RecordingReply reply = new RecordingReply();
		handler.handle(("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}")
			.getBytes(StandardCharsets.UTF_8), reply);
		assertThat(reply.body()).as("reply to %s", method).isNotNull();
		return json.readTree(reply.body());
	}

	@Test
	void exceptionResolverAnswersWithItsErrorAndSeesTheRequest() {
		JsonNode reply = handle(open(), "reject", "[\"too big\"]");
		assertThat(reply.get("error").toString())
			.isEqualTo("{\"code\":1001,\"message\":\"Rejected\",\"data\":{\"reason\":\"first\"}}");
		assertThat(this.first.seen).containsExactly("IllegalArgumentException: too big in 'reject' id 7 params"
				+ " [\"too big\"] on session 4");
		assertThat(this.second.seen).isEmpty();
	}

	@Test
	void exceptionResolversAreAskedInOrderUntilOneAnswers() {
		JsonNode reply = handle(open(), "fail", "[]");
		assertThat(reply.get("error").get("code").asInt()).isEqualTo(1002);
		assertThat(this.first.seen).hasSize(1);
		assertThat(this.second.seen).hasSize(1);
	}

	@Test
	void exceptionResolverThatThrowsAJsonRpcExceptionAnswersWithIt() {
		PipeExceptionResolver throwing = (ex, request) -> {
			throw new JsonRpcException(1003, "Thrown", Map.of("method", request.method()));
		};
		JsonNode reply = handle(open(List.of(throwing)), "fail", "[]");
		assertThat(reply.get("error").toString())
			.isEqualTo("{\"code\":1003,\"message\":\"Thrown\",\"data\":{\"method\":\"fail\"}}");
	}

	@Test
	void exceptionResolverThatFailsLeavesTheDefaultAnswer() {
		PipeExceptionResolver failing = (ex, request) -> {
			throw new IllegalStateException("resolver bug");
		};
		JsonNode reply = handle(open(List.of(failing)), "fail", "[]");
		assertThat(reply.get("error").toString()).isEqualTo("{\"code\":-32603,\"message\":\"Internal error\"}");
	}

	@Test
	void unresolvedJsonRpcExceptionIsSentAsItIs() {
		JsonNode reply = handle(open(List.of()), "refuse", "[]");
		assertThat(reply.get("error").toString()).isEqualTo("{\"code\":1500,\"message\":\"Refused\"}");
	}

	@Test
	void failedFutureIsOfferedToTheExceptionResolvers() {
		JsonNode reply = handle(open(), "failLater", "[]");
		assertThat(reply.get("error").get("code").asInt()).isEqualTo(1001);
		assertThat(this.first.seen).singleElement().asString().startsWith("IllegalArgumentException: later");
	}

	@Test
	void bindingErrorIsOfferedToTheExceptionResolversAndAnsweredAsItIsWhenNoneMapsIt() {
		RecordingExceptionResolver none = new RecordingExceptionResolver(IllegalStateException.class,
				new JsonRpcError(1, "unused"));
		JsonNode reply = handle(open(List.of(none)), "reject", "[1, 2]");
		assertThat(reply.get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.INVALID_PARAMS);
		assertThat(none.seen).singleElement().asString().startsWith("JsonRpcException: Method 'reject' takes 1");
	}

	@Test
	void everyHandlerIsPreparedForValidationAndExceptionResolutionWhenTheServerStarts() {
		open();
		assertThat(this.validator.prepared).containsExactlyInAnyOrder("reject", "fail", "refuse", "failLater", "echo",
				"wait");
		assertThat(this.first.prepared).containsExactlyInAnyOrderElementsOf(this.validator.prepared);
	}

	@Test
	void validatorRefusingTheArgumentsAnswersWithItsErrorAndTheHandlerDoesNotRun() {
		JsonNode reply = handle(open(List.of()), "echo", "[\"invalid\"]");
		assertThat(reply.get("error").toString()).isEqualTo("{\"code\":-32602,\"message\":\"Invalid\"}");
		assertThat(this.handlers.echoed).isEmpty();
		assertThat(this.validator.validated).containsExactly("arguments [invalid]");
	}

	@Test
	void validatorRefusingTheResultAnswersWithAnInternalError() {
		JsonNode reply = handle(open(List.of()), "echo", "[\"bad result\"]");
		assertThat(reply.get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.INTERNAL_ERROR);
		assertThat(this.handlers.echoed).containsExactly("bad result");
		assertThat(this.validator.validated).containsExactly("arguments [bad result]", "result bad result");
	}

	@Test
	void handlerWithNothingToValidateIsNeverValidated() {
		handle(open(List.of()), "reject", "[\"x\"]");
		assertThat(this.validator.validated).isEmpty();
	}

	@Test
	void cancelRunsTheHandlersCallbackAndAnswersCancelled() {
		PipeProtocol.SessionHandler handler = open();
		RecordingReply reply = new RecordingReply();
		handler.handle("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"wait\"}".getBytes(StandardCharsets.UTF_8), reply);
		assertThat(reply.isCompleted()).isFalse();
		handler.handle("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":9}}"
			.getBytes(StandardCharsets.UTF_8), new RecordingReply());
		assertThat(this.handlers.callbackRan).isTrue();
		assertThat(json.readTree(reply.body()).get("error").get("code").asInt())
			.isEqualTo(JsonRpcErrorCodes.REQUEST_CANCELLED);
	}

	static class Handlers {

		final List<String> echoed = new CopyOnWriteArrayList<>();

		final AtomicBoolean callbackRan = new AtomicBoolean();

		@PipeHandler("reject")
		String reject(String value) {
			throw new IllegalArgumentException(value);
		}

		@PipeHandler("fail")
		String fail() {
			throw new IllegalStateException("broken");
		}

		@PipeHandler("refuse")
		String refuse() {
			throw new JsonRpcException(1500, "Refused");
		}

		@PipeHandler("failLater")
		CompletableFuture<String> failLater() {
			return CompletableFuture.failedFuture(new IllegalArgumentException("later"));
		}

		@PipeHandler("echo")
		String echo(String value) {
			this.echoed.add(value);
			return value;
		}

		@PipeHandler("wait")
		CompletableFuture<String> waitForCancel(PipeCancellation cancellation) {
			CompletableFuture<String> result = new CompletableFuture<>();
			cancellation.onCancel(() -> this.callbackRan.set(true));
			return result;
		}

	}

	/**
	 * Answers exceptions of one type with one error, recording every exception it is offered and
	 * every handler it is prepared for.
	 */
	static final class RecordingExceptionResolver implements PipeExceptionResolver {

		private final Class<? extends Throwable> type;

		private final JsonRpcError error;

		final List<String> seen = new CopyOnWriteArrayList<>();

		final List<String> prepared = new CopyOnWriteArrayList<>();

		RecordingExceptionResolver(Class<? extends Throwable> type, JsonRpcError error) {
			this.type = type;
			this.error = error;
		}

		@Override
		public void prepare(PipeHandlerMethod handler) {
			this.prepared.add(handler.getName());
		}

		@Override
		public @Nullable JsonRpcError resolveException(Throwable ex, PipeRequestContext request) {
			this.seen.add(ex.getClass().getSimpleName() + ": " + ex.getMessage() + " in '" + request.method()
					+ "' id " + request.id() + " params " + request.params() + " on session " + request.session().id());
			return this.type.isInstance(ex) ? this.error : null;
		}

	}

	/**
	 * Validates only the {@code echo} handler: refuses the argument {@code "invalid"} and the result
	 * {@code "bad result"}, recording what it validates and which handlers it is prepared for.
	 */
	static final class RecordingValidator implements PipeHandlerValidator {

		final List<String> prepared = new CopyOnWriteArrayList<>();

		final List<String> validated = new CopyOnWriteArrayList<>();

		@Override
		public @Nullable Validation prepare(PipeHandlerMethod handler, List<String> parameterNames) {
			this.prepared.add(handler.getName());
			if (!handler.getName().equals("echo")) {
				return null;
			}
			return new Validation() {

				@Override
				public void validateArguments(@Nullable Object[] arguments) {
					List<@Nullable Object> values = new ArrayList<>(List.of(arguments));
					RecordingValidator.this.validated.add("arguments " + values);
					if ("invalid".equals(arguments[0])) {
						throw new JsonRpcException(JsonRpcErrorCodes.INVALID_PARAMS, "Invalid");
					}
				}

				@Override
				public void validateResult(@Nullable Object result) {
					RecordingValidator.this.validated.add("result " + result);
					if ("bad result".equals(result)) {
						throw new IllegalStateException("The result breaks a constraint");
					}
				}

			};
		}

	}

}
