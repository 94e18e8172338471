package dev.pipeipc.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.jsonrpc.JsonReadLimits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AnswerReader}: a plain answer is read straight into its call's result type (the reader
 * reports it handled, so no tree is built), with the application's mapper as Jackson 3 configures
 * it by default, trailing-token check included; everything else is left to the tree.
 */
class AnswerReaderTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final AnswerReader reader = new AnswerReader("answers", mapper, JsonReadLimits.DEFAULTS);

	private final PendingCalls calls = new PendingCalls();

	private <T> PendingCall<T> waiting(long id, Class<T> type) {
		PendingCall<T> call = new PendingCall<>(id, "method-" + id, mapper.constructType(type));
		this.calls.add(call);
		return call;
	}

	/** A mapper with a String deserializer of its own: it trims and upper-cases. */
	private static JsonMapper trimmingUpperCase() {
		return JsonMapper.builder()
			.addModule(new SimpleModule().addDeserializer(String.class, new StdScalarDeserializer<String>(String.class) {

				@Override
				public String deserialize(JsonParser parser, DeserializationContext context) {
					return parser.getString().trim().toUpperCase(Locale.ROOT);
				}

			}))
			.build();
	}

	private boolean read(String json) {
		return this.reader.completeIfResult(json.getBytes(StandardCharsets.UTF_8), this.calls);
	}

	@Test
	void theApplicationsMapperChecksTrailingTokensAsJackson3DoesByDefault() {
		assertThat(mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)).isTrue();
	}

	@Test
	void plainAnswersAreReadIntoTheirTypesWithoutTheTree() {
		PendingCall<String> text = waiting(1, String.class);
		PendingCall<Item> item = waiting(2, Item.class);
		PendingCall<Integer> number = waiting(3, Integer.class);
		PendingCall<List> list = waiting(4, List.class);
		PendingCall<Map> map = waiting(5, Map.class);
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"tea\"}")).isTrue();
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"name\":\"tea\",\"quantity\":3}}")).isTrue();
		assertThat(read("{\"id\":3,\"result\":42,\"jsonrpc\":\"2.0\"}")).isTrue();
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":[1,\"two\",null]}")).isTrue();
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"a\":{\"b\":[]}}}")).isTrue();
		assertThat(text.future()).isCompletedWithValue("tea");
		assertThat(item.future()).isCompletedWithValue(new Item("tea", 3));
		assertThat(number.future()).isCompletedWithValue(42);
		assertThat(list.future().join()).containsExactly(1, "two", null);
		assertThat(map.future().join()).containsEntry("a", Map.of("b", List.of()));
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void stringResultIsTheParsersStringWithItsEscapesDecoded() {
		PendingCall<String> text = waiting(1, String.class);
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"t\\u00e9a \\\"\\n\"}")).isTrue();
		assertThat(text.future()).isCompletedWithValue("t\u00e9a \"\n");
	}

	@Test
	void stringResultOfAnotherTokenIsReadAsTheMapperCoercesIt() {
		PendingCall<String> number = waiting(1, String.class);
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":42}")).isTrue();
		assertThat(number.future()).isCompletedWithValue("42");
	}

	@Test
	void stringResultIsReadWithTheMappersOwnStringDeserializer() {
		AnswerReader custom = new AnswerReader("answers", trimmingUpperCase(), JsonReadLimits.DEFAULTS);
		PendingCall<String> text = waiting(1, String.class);
		assertThat(custom.completeIfResult("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\" tea \"}"
			.getBytes(StandardCharsets.UTF_8), this.calls)).isTrue();
		assertThat(text.future()).isCompletedWithValue("TEA");
	}

	@Test
	void stringResultOfAMapperThatUnwrapsRootValuesIsLeftToTheMapper() {
		JsonMapper unwrapping = JsonMapper.builder().enable(DeserializationFeature.UNWRAP_ROOT_VALUE).build();
		AnswerReader custom = new AnswerReader("answers", unwrapping, JsonReadLimits.DEFAULTS);
		PendingCall<String> text = waiting(1, String.class);
		// The mapper cannot read a bare string when it expects a wrapper: the tree is left to try.
		assertThat(custom.completeIfResult("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"tea\"}"
			.getBytes(StandardCharsets.UTF_8), this.calls)).isFalse();
		assertThat(text.future()).isNotDone();
	}

	private boolean readPlain(String json) {
		return this.reader.completeIfPlainString(json.getBytes(StandardCharsets.UTF_8), this.calls);
	}

	@Test
	void plainStringAnswerIsReadByteByByte() {
		PendingCall<String> text = waiting(7, String.class);
		PendingCall<String> empty = waiting(8, String.class);
		PendingCall<String> large = waiting(123456789012345678L, String.class);
		String long_ = "plain text / with 'quotes' ".repeat(1_000);
		assertThat(readPlain("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"tea for two\"}")).isTrue();
		assertThat(readPlain("{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":\"\"}")).isTrue();
		assertThat(readPlain("{\"jsonrpc\":\"2.0\",\"id\":123456789012345678,\"result\":\"" + long_ + "\"}")).isTrue();
		assertThat(text.future()).isCompletedWithValue("tea for two");
		assertThat(empty.future()).isCompletedWithValue("");
		assertThat(large.future()).isCompletedWithValue(long_);
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void everyOtherAnswerIsLeftToTheParser() {
		PendingCall<String> text = waiting(7, String.class);
		PendingCall<Integer> number = waiting(9, Integer.class);
		for (String other : List.of("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"t\\u00e9a\"}",
				"{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"t\u00e9a\"}", "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"a\\\"b\"}",
				"{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"tab\there\"}", "{\"jsonrpc\":\"2.0\",\"id\":07,\"result\":\"tea\"}",
				"{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"tea\"} ", "{\"jsonrpc\":\"2.0\", \"id\":7,\"result\":\"tea\"}",
				"{\"id\":7,\"jsonrpc\":\"2.0\",\"result\":\"tea\"}", "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"tea\",\"x\":1}",
				"{\"jsonrpc\":\"2.0\",\"id\":-7,\"result\":\"tea\"}", "{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"result\":\"tea\"}",
				"{\"jsonrpc\":\"2.0\",\"id\":1234567890123456789,\"result\":\"tea\"}",
				"{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":\"42\"}", "{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":\"nobody\"}")) {
			assertThat(readPlain(other)).as(other).isFalse();
		}
		assertThat(text.future()).isNotDone();
		assertThat(number.future()).isNotDone();
	}

	@Test
	void plainStringLongerThanTheStringLimitIsLeftToTheParser() {
		AnswerReader limited = new AnswerReader("answers", mapper, new JsonReadLimits(
				JsonReadLimits.DEFAULTS.maxNestingDepth(), JsonReadLimits.DEFAULTS.maxNumberLength(), 10,
				JsonReadLimits.DEFAULTS.maxNameLength()));
		PendingCall<String> text = waiting(7, String.class);
		assertThat(limited.completeIfPlainString(
				"{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"eleven char\"}".getBytes(StandardCharsets.US_ASCII), this.calls))
			.isFalse();
		assertThat(text.future()).isNotDone();
	}

	@Test
	void plainStringOfAMapperWithItsOwnStringDeserializerIsLeftToTheMapper() {
		AnswerReader custom = new AnswerReader("answers", trimmingUpperCase(), JsonReadLimits.DEFAULTS);
		waiting(7, String.class);
		assertThat(custom.completeIfPlainString(
				"{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\" tea \"}".getBytes(StandardCharsets.US_ASCII), this.calls))
			.isFalse();
	}

	@Test
	void nullResultCompletesWithNull() {
		PendingCall<Item> item = waiting(1, Item.class);
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}")).isTrue();
		assertThat(item.future()).isCompletedWithValue(null);
	}

	@Test
	void answerToNoWaitingCallIsHandledAndDropped() {
		PendingCall<String> other = waiting(2, String.class);
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"deep\":[1,2,3]}}")).isTrue();
		assertThat(other.future()).isNotDone();
	}

	@Test
	void everythingElseIsLeftToTheTree() {
		PendingCall<Item> item = waiting(1, Item.class);
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1,\"message\":\"no\"}}")).isFalse();
		assertThat(read("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"tea\"}]")).isFalse();
		assertThat(read("{\"jsonrpc\":\"2.0\",\"method\":\"progress\",\"params\":[1]}")).isFalse();
		assertThat(read("{\"jsonrpc\":\"2.0\",\"result\":\"tea\",\"id\":1}")).isFalse();
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"not an item\"}")).isFalse();
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"name\":\"tea\"},\"result\":1}")).isFalse();
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"name\":\"tea\"}")).isFalse();
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}} trailing")).isFalse();
		assertThat(item.future()).isNotDone();
	}

	record Item(String name, int quantity) {
	}

}
