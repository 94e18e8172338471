package dev.pipeipc.server.jsonrpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Utf8Validator;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.FakeSession;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.RecordingReply;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the JSON-RPC side of the server with hostile message bodies, as a connection hands them
 * over once framing has cut them out: the UTF-8 check and {@link JsonRpcReader}, request validation,
 * batches ({@link JsonRpcBatch}), cancel notifications and {@link ParameterBinder} against handlers
 * of several signatures. Whatever arrives:
 * <ul>
 * <li>nothing is thrown out of the session handler, and its reply is completed exactly once,
 * within the timeout;</li>
 * <li>a message that is not UTF-8 JSON gets one {@code -32700} error with a null id;</li>
 * <li>a valid notification, or a batch of nothing but, gets no reply; anything else gets a
 * well-formed JSON-RPC 2.0 response per request, in order, each carrying its request's id (null
 * where the id cannot be trusted), with exactly one of {@code result} and {@code error};</li>
 * <li>the reply is not disproportionately larger than the message.</li>
 * </ul>
 * The expected answers are worked out here from JSON-RPC 2.0 itself, not from the classes under
 * test. A plain build replays the seed corpus in {@code JsonRpcRequestFuzzTestsInputs/<method>}
 * under the test resources; {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class JsonRpcRequestFuzzTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Room per response for the envelope and an error's fixed sentences, on top of what a reply
	 * may quote from the request (a method name, an id, an echoed value, each JSON-escaped).
	 */
	private static final int ENVELOPE_BYTES = 1024;

	private static final int ESCAPING_FACTOR = 16;

	private final PipeProtocol.SessionHandler handler = TestPipeServer
		.protocol(false, "fuzz", false, new Handlers())
		.open(new FakeSession(1));

	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void requestIsAnsweredWellFormed(byte[] message) {
		if (this.handler.handleInline(message)) {
			assertThat(isCancelNotification(parse(message))).as("handled inline: a cancel notification").isTrue();
			return;
		}
		RecordingReply reply = new RecordingReply();
		this.handler.handle(message, reply);
		assertAnswer(message, reply);
	}

	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void refusedRequestIsAnsweredWellFormed(byte[] message) {
		RecordingReply reply = new RecordingReply();
		this.handler.refuse(message, "Pipe 'fuzz' is stopping", reply);
		assertAnswer(message, reply);
	}

	private static void assertAnswer(byte[] message, RecordingReply reply) {
		String body = reply.body();
		assertThat(reply.closesConnection()).as("a message never closes the connection").isFalse();
		JsonNode root = parse(message);
		if (root == null) {
			assertThat(body).as("reply to a message that is not UTF-8 JSON").isNotNull();
			assertErrorWithNullId(response(body), JsonRpcErrorCodes.PARSE_ERROR);
			return;
		}
		if (root.isArray() && root.isEmpty()) {
			assertThat(body).as("reply to an empty batch").isNotNull();
			assertErrorWithNullId(response(body), JsonRpcErrorCodes.INVALID_REQUEST);
			return;
		}
		List<JsonNode> requests = new ArrayList<>();
		if (root.isArray()) {
			root.forEach(requests::add);
		}
		else {
			requests.add(root);
		}
		List<JsonNode> answered = requests.stream().filter((request) -> !isNotification(request)).toList();
		if (answered.isEmpty()) {
			assertThat(body).as("reply to notifications only").isNull();
			return;
		}
		assertThat(body).as("reply to %d request(s)", answered.size()).isNotNull();
		assertThat(body.getBytes(StandardCharsets.UTF_8).length).as("reply size")
			.isLessThanOrEqualTo(ESCAPING_FACTOR * message.length + ENVELOPE_BYTES * answered.size());
		JsonNode responses = response(body);
		if (!root.isArray()) {
			assertResponse(responses, answered.get(0));
			return;
		}
		assertThat(responses.isArray()).as("a batch is answered with an array: %s", body).isTrue();
		assertThat(responses.size()).as("one response per request that is not a notification").isEqualTo(answered.size());
		for (int i = 0; i < answered.size(); i++) {
			assertResponse(responses.get(i), answered.get(i));
		}
	}

	private static void assertResponse(JsonNode response, JsonNode request) {
		assertWellFormed(response);
		JsonNode id = request.isObject() ? request.get("id") : null;
		// A number beyond the range of a double cannot be echoed (protocol.md): answered with a null id.
		boolean trustedId = id != null && (id.isString() || id.isNull()
				|| (id.isNumber() && !(id.isFloatingPointNumber() && !Double.isFinite(id.doubleValue()))));
		JsonNode expectedId = trustedId ? id : JsonNodeFactory.instance.nullNode();
		assertThat(response.get("id")).as("id of the response to %s", request).isEqualTo(expectedId);
	}

	private static void assertErrorWithNullId(JsonNode response, int code) {
		assertWellFormed(response);
		assertThat(response.get("id").isNull()).as("id of %s", response).isTrue();
		assertThat(response.at("/error/code").asInt()).as("error code of %s", response).isEqualTo(code);
	}

	private static void assertWellFormed(JsonNode response) {
		assertThat(response.isObject()).as("a response object: %s", response).isTrue();
		assertThat(response.get("jsonrpc")).as("jsonrpc member of %s", response).isEqualTo(JsonNodeFactory.instance.stringNode("2.0"));
		assertThat(response.has("id")).as("id member of %s", response).isTrue();
		assertThat(response.has("result") != response.has("error")).as("exactly one of result and error in %s", response)
			.isTrue();
		if (response.has("error")) {
			JsonNode error = response.get("error");
			assertThat(error.path("code").isIntegralNumber()).as("integral error code in %s", response).isTrue();
			assertThat(error.path("message").isString()).as("error message in %s", response).isTrue();
		}
	}

	private static JsonNode response(String body) {
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new AssertionError("Reply is not JSON: " + body, ex);
		}
	}

	/**
	 * The message as JSON, or {@code null} if it is not UTF-8 JSON.
	 */
	private static @Nullable JsonNode parse(byte[] message) {
		if (Utf8Validator.indexOfInvalid(message) >= 0) {
			return null;
		}
		try {
			JsonNode root = json.readTree(message);
			return (root == null || root.isMissingNode()) ? null : root;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * JSON-RPC 2.0 section 4.1: a request object without an {@code id} member. An invalid request
	 * object is answered whether it has an id or not.
	 */
	private static boolean isNotification(JsonNode request) {
		return request.isObject() && !request.has("id") && request.path("jsonrpc").isString()
				&& "2.0".equals(request.get("jsonrpc").stringValue()) && request.path("method").isString()
				&& (!request.has("params") || request.get("params").isArray() || request.get("params").isObject());
	}

	private static boolean isCancelNotification(@Nullable JsonNode root) {
		return root != null && isNotification(root) && "$/cancelRequest".equals(root.get("method").stringValue());
	}

	record Point(int x, int y) {
	}

	/**
	 * Handlers of different shapes, so that params bind by position, by name, as a whole object,
	 * to optional and nullable parameters, to collections and to the session. None blocks.
	 */
	static class Handlers {

		@PipeHandler("add")
		int add(int a, int b) {
			return a + b;
		}

		@PipeHandler("echo")
		@Nullable Object echo(@Nullable Object value) {
			return value;
		}

		@PipeHandler("greet")
		String greet(String name, Optional<Integer> times) {
			return ("hello " + name + " ").repeat(Math.floorMod(times.orElse(1), 4));
		}

		@PipeHandler("norm")
		long norm(Point point) {
			return Math.abs((long) point.x()) + Math.abs((long) point.y());
		}

		@PipeHandler("sum")
		long sum(List<Long> values) {
			return values.stream().mapToLong(Long::longValue).sum();
		}

		@PipeHandler("tags")
		int tags(Map<String, String> tags, boolean strict, double weight) {
			return tags.size();
		}

		@PipeHandler("session")
		long session(PipeSession session, @Nullable String label) {
			return session.id();
		}

		@PipeHandler("note")
		void note(String text) {
		}

		@PipeHandler("deny")
		String deny(String reason) {
			throw new JsonRpcException(-32010, "Denied: " + reason.length() + " characters of reason", null);
		}

		@PipeHandler("fail")
		String fail() {
			throw new IllegalStateException("handler failed");
		}

	}

}
