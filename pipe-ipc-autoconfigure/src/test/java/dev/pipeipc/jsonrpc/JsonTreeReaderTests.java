package dev.pipeipc.jsonrpc;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link JsonTreeReader}: each of {@link JsonReadLimits} refuses a message one past it and accepts
 * one at it, with a message naming the limit; the application's mapper is left as it was; what is
 * not a limit reads exactly as the mapper reads it.
 */
class JsonTreeReaderTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final JsonTreeReader reader = new JsonTreeReader(this.mapper, new JsonReadLimits(3, 5, 8, 4));

	@Test
	void nestingAtTheLimitIsReadOnePastItIsRefusedNamingTheLimit() {
		assertThat(read("[[[1]]]").get(0).get(0).get(0).asInt()).isEqualTo(1);
		assertThatExceptionOfType(StreamConstraintsException.class).isThrownBy(() -> read("[[[[1]]]]"))
			.withMessageContaining("nesting depth (4) exceeds the maximum allowed (3");
	}

	@Test
	void numberAtTheLimitIsReadOnePastItIsRefusedNamingTheLimit() {
		assertThat(read("[12345]").get(0).asInt()).isEqualTo(12345);
		assertThatExceptionOfType(StreamConstraintsException.class).isThrownBy(() -> read("[123456]"))
			.withMessageContaining("Number value length (6) exceeds the maximum allowed (5");
	}

	@Test
	void stringAtTheLimitIsReadOnePastItIsRefusedNamingTheLimit() {
		assertThat(read("[\"abcdefgh\"]").get(0).asString()).isEqualTo("abcdefgh");
		assertThatExceptionOfType(StreamConstraintsException.class).isThrownBy(() -> read("[\"abcdefghi\"]"))
			.withMessageContaining("String value length (9) exceeds the maximum allowed (8");
	}

	@Test
	void nameAtTheLimitIsReadOnePastItIsRefusedNamingTheLimit() {
		assertThat(read("{\"abcd\":1}").get("abcd").asInt()).isEqualTo(1);
		assertThatExceptionOfType(StreamConstraintsException.class).isThrownBy(() -> read("{\"abcde\":1}"))
			.withMessageContaining("Name length (5) exceeds the maximum allowed (4");
	}

	@Test
	void theApplicationsMapperKeepsItsOwnLimits() {
		read("[1]");
		assertThat(this.mapper.readTree("[[[[[1]]]]]").isArray()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{} x", "[1] [2]", "", "   ", "nul", "{\"a\":}" })
	void whatIsNotALimitReadsAsTheMapperReadsIt(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		JsonTreeReader lenient = new JsonTreeReader(this.mapper, JsonReadLimits.DEFAULTS);
		String expected;
		try {
			expected = "read " + this.mapper.readTree(bytes);
		}
		catch (JacksonException ex) {
			expected = "refused";
		}
		String actual;
		try {
			actual = "read " + lenient.read(bytes);
		}
		catch (JacksonException ex) {
			actual = "refused";
		}
		assertThat(actual).isEqualTo(expected);
	}

	@Test
	void limitBelowOneIsRefusedNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonReadLimits(0, 1, 1, 1))
			.withMessage("The JSON maximum nesting depth must be at least 1, but was 0.");
	}

	private JsonNode read(String json) {
		return this.reader.read(json.getBytes(StandardCharsets.UTF_8));
	}

}
