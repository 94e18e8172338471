package dev.pipeipc.server.jsonrpc;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.FakeSession;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.transport.PipePeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ParameterBinder} alone: JSON params in, method arguments or an invalid-params error out.
 */
class ParameterBinderTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final FakeSession session = new FakeSession(3);

	private @Nullable Object[] bind(String methodName, @Nullable String params) {
		Method method = ReflectionUtils.findMethod(Handlers.class, methodName, (Class<?>[]) null);
		assertThat(method).as("method %s", methodName).isNotNull();
		PipeHandlerMethod endpoint = new PipeHandlerMethod("", methodName, new Handlers(), "handlers", method);
		ParameterBinder binder = new ParameterBinder(endpoint, HandlerParameterNames.of(endpoint));
		JsonNode node = (params != null) ? json.readTree(params) : null;
		return bind(binder, endpoint, node);
	}

	private @Nullable Object[] bind(ParameterBinder binder, PipeHandlerMethod endpoint, @Nullable JsonNode params) {
		try {
			return binder.bind(params, request(endpoint, params), json);
		}
		catch (JsonRpcException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private RequestContext request(PipeHandlerMethod endpoint, @Nullable JsonNode params) {
		return new RequestContext(new JsonRpcRequest(json.readTree("7"), endpoint.getName(), params), endpoint,
				this.session, null);
	}

	private JsonRpcException bindFails(String methodName, @Nullable String params) {
		try {
			bind(methodName, params);
		}
		catch (JsonRpcException ex) {
			assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.INVALID_PARAMS);
			return ex;
		}
		throw new AssertionError("Binding " + params + " to " + methodName + " did not fail");
	}

	@Test
	void arrayBindsByPosition() {
		assertThat(bind("subtract", "[42,23]")).containsExactly(42, 23);
	}

	@Test
	void objectBindsByParameterName() {
		assertThat(bind("subtract", "{\"subtrahend\":23,\"minuend\":42}")).containsExactly(42, 23);
	}

	@Test
	void singleObjectParameterTakesTheWholeParamsObject() {
		assertThat(bind("move", "{\"x\":1,\"y\":2}")).containsExactly(new Point(1, 2));
	}

	@Test
	void singleObjectParameterIsBoundByNameWhenTheOnlyMemberIsNamedLikeIt() {
		assertThat(bind("move", "{\"to\":{\"x\":3,\"y\":4}}")).containsExactly(new Point(3, 4));
	}

	@Test
	void missingOptionalParameterIsEmpty() {
		assertThat(bind("greet", "[\"Ada\"]")).containsExactly("Ada", Optional.empty());
		assertThat(bind("greet", "[\"Ada\",\"Dr\"]")).containsExactly("Ada", Optional.of("Dr"));
	}

	@Test
	void missingNullableParameterIsNull() {
		assertThat(bind("describe", "{}")).containsExactly((Object) null);
		assertThat(bind("describe", "[null]")).containsExactly((Object) null);
	}

	@Test
	void sessionIsInjectedAndNotReadFromParams() {
		assertThat(bind("whoAmI", "[\"x\"]")).containsExactly(this.session, "x");
		assertThat(bind("whoAmI", "{\"value\":\"y\"}")).containsExactly(this.session, "y");
	}

	@Test
	void missingRequiredParameterIsAnErrorNamingIt() {
		JsonRpcException ex = bindFails("subtract", "[42]");
		assertThat(ex).hasMessage("Parameter 'subtrahend' of method 'subtract' is required");
		assertThat(ex.getData()).isEqualTo(java.util.Map.of("method", "subtract", "parameter", "subtrahend"));
	}

	@Test
	void nullForARequiredParameterIsAnErrorNamingIt() {
		assertThat(bindFails("subtract", "[null,1]"))
			.hasMessage("Parameter 'minuend' of method 'subtract' must not be null");
	}

	@Test
	void valueOfTheWrongTypeIsAnErrorNamingTheParameterTypeAndValue() {
		assertThat(bindFails("subtract", "[\"ten\",1]"))
			.hasMessage("Parameter 'minuend' of method 'subtract' expects int but got a string");
	}

	@Test
	void invalidMemberOfAnObjectIsAnErrorNamingItsPath() {
		assertThat(bindFails("move", "{\"x\":\"left\",\"y\":2}").getMessage())
			.startsWith("Parameter 'to' of method 'move' has an invalid value at 'x'");
	}

	@Test
	void tooManyPositionalParamsIsAnErrorSayingHowMany() {
		assertThat(bindFails("subtract", "[1,2,3]")).hasMessage("Method 'subtract' takes 2 params but 3 were given");
	}

	@Test
	void unknownNamedParamIsAnErrorNamingIt() {
		assertThat(bindFails("subtract", "{\"minuend\":1,\"subtrahend\":2,\"extra\":3}"))
			.hasMessage("Method 'subtract' has no parameter named 'extra'");
	}

	@Test
	void metaMemberOfNamedParamsIsRequestMetadataNotAParameter() {
		assertThat(bind("subtract", "{\"minuend\":5,\"subtrahend\":2,\"_meta\":{\"traceparent\":\"00-1-2-01\"}}"))
			.containsExactly(5, 2);
	}

	@Test
	void absentParamsBindNothingForAMethodWithoutParameters() {
		assertThat(bind("ping", null)).isEmpty();
	}

	@Test
	void errorIsAJsonRpcInvalidParamsError() {
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> bind("subtract", "[]"))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.INVALID_PARAMS));
	}

	@Test
	void parametersWithoutNamesAreReportedSoStartupCanWarn() {
		assertThat(binderWithNames("subtract", null, null).hasUnnamedValueParameters()).isTrue();
		assertThat(binderWithNames("subtract", "minuend", null).hasUnnamedValueParameters()).isTrue();
		assertThat(binderWithNames("subtract", "minuend", "subtrahend").hasUnnamedValueParameters()).isFalse();
	}

	@Test
	void singleObjectParameterAndSessionParameterNeedNoName() {
		assertThat(binderWithNames("move", (String) null).hasUnnamedValueParameters()).isFalse();
		assertThat(binderWithNames("whoAmI", null, "value").hasUnnamedValueParameters()).isFalse();
	}

	@Test
	void parameterWithoutANameIsBoundByItsStandInName() {
		ParameterBinder binder = binderWithNames("subtract", null, null);
		assertThat(bind(binder, endpoint("subtract"), json.readTree("{\"arg0\":42,\"arg1\":23}"))).containsExactly(42,
				23);
	}

	@Test
	void parameterServedByAResolverIsNotAParamByPositionOrByName() {
		RecordingResolver tenants = new RecordingResolver(Tenant.class, new Tenant("acme"), false);
		PipeHandlerMethod endpoint = endpoint("tenantGreeting");
		ParameterBinder binder = new ParameterBinder(endpoint, HandlerParameterNames.of(endpoint),
				new HandlerArgumentResolvers(List.of(tenants)));
		assertThat(bind(binder, endpoint, json.readTree("[\"Ada\"]"))).containsExactly(new Tenant("acme"), "Ada");
		assertThat(bind(binder, endpoint, json.readTree("{\"name\":\"Ada\"}"))).containsExactly(new Tenant("acme"),
				"Ada");
		assertThat(tenants.resolved).containsExactly("tenant", "tenant");
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> bind(binder, endpoint, json.readTree("{\"name\":\"Ada\",\"tenant\":\"other\"}")))
			.withMessage("Method 'tenantGreeting' has no parameter named 'tenant'");
		assertThat(binder.resolvedParameters()).containsExactly(true, false);
	}

	@Test
	void resolverThatReadsTheParamsLiftsTheCheckForParamsNoParameterTakes() {
		RecordingResolver tenants = new RecordingResolver(Tenant.class, new Tenant("acme"), true);
		PipeHandlerMethod endpoint = endpoint("tenantGreeting");
		ParameterBinder binder = new ParameterBinder(endpoint, HandlerParameterNames.of(endpoint),
				new HandlerArgumentResolvers(List.of(tenants)));
		assertThat(bind(binder, endpoint, json.readTree("{\"name\":\"Ada\",\"tenant\":\"acme\"}")))
			.containsExactly(new Tenant("acme"), "Ada");
		assertThat(bind(binder, endpoint, json.readTree("[\"Ada\",\"extra\"]"))).containsExactly(new Tenant("acme"),
				"Ada");
	}

	@Test
	void builtInResolversServeSessionPeerCancellationAndRequest() {
		PipeHandlerMethod endpoint = endpoint("context");
		ParameterBinder binder = new ParameterBinder(endpoint, HandlerParameterNames.of(endpoint));
		RequestContext request = request(endpoint, null);
		@Nullable Object[] arguments;
		try {
			arguments = binder.bind(null, request, json);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		assertThat(arguments).containsExactly(this.session, Optional.empty(), request.cancellation(), request);
		assertThat(binder.resolvedParameters()).containsOnly(true);
	}

	@Test
	void peerParameterWithoutAPeerFailsTheCallSayingWhatToDeclare() {
		PipeHandlerMethod endpoint = endpoint("peer");
		ParameterBinder binder = new ParameterBinder(endpoint, HandlerParameterNames.of(endpoint));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> binder.bind(null,
				request(endpoint, null), json))
			.withMessageContaining("cannot tell which process called handler 'peer'")
			.withMessageContaining("Declare it Optional<PipePeer> or @Nullable");
	}

	private static PipeHandlerMethod endpoint(String methodName) {
		Method method = ReflectionUtils.findMethod(Handlers.class, methodName, (Class<?>[]) null);
		assertThat(method).as("method %s", methodName).isNotNull();
		return new PipeHandlerMethod("", methodName, new Handlers(), "handlers", method);
	}

	private static ParameterBinder binderWithNames(String methodName, @Nullable String... names) {
		return new ParameterBinder(endpoint(methodName), names);
	}

	record Tenant(String name) {
	}

	/**
	 * Serves one parameter type with one value, recording the name of each parameter it resolves.
	 */
	static final class RecordingResolver implements PipeHandlerArgumentResolver {

		private final Class<?> type;

		private final Object value;

		private final boolean readsParams;

		final List<String> resolved = new CopyOnWriteArrayList<>();

		RecordingResolver(Class<?> type, Object value, boolean readsParams) {
			this.type = type;
			this.value = value;
			this.readsParams = readsParams;
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == this.type;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, PipeRequestContext request) {
			this.resolved.add(String.valueOf(parameter.getParameterName()));
			return this.value;
		}

		@Override
		public boolean readsParams(MethodParameter parameter) {
			return this.readsParams;
		}

	}

	record Point(int x, int y) {
	}

	static class Handlers {

		int subtract(int minuend, int subtrahend) {
			return minuend - subtrahend;
		}

		Point move(Point to) {
			return to;
		}

		String greet(String name, Optional<String> title) {
			return title.map((t) -> t + " ").orElse("") + name;
		}

		String describe(@Nullable String value) {
			return String.valueOf(value);
		}

		String whoAmI(PipeSession session, String value) {
			return session.id() + value;
		}

		String ping() {
			return "pong";
		}

		String tenantGreeting(Tenant tenant, String name) {
			return tenant.name() + ": " + name;
		}

		String context(PipeSession session, Optional<PipePeer> peer, PipeCancellation cancellation,
				PipeRequestContext request) {
			return "";
		}

		String peer(PipePeer peer) {
			return String.valueOf(peer.user());
		}

	}

}
