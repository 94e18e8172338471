package dev.pipeipc.test;

import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Assertions on the result of a call, as JSON.
 */
public class PipeResultAssert extends AbstractObjectAssert<PipeResultAssert, JsonNode> {

	private final ObjectMapper mapper;

	PipeResultAssert(JsonNode result, ObjectMapper mapper) {
		super(result, PipeResultAssert.class);
		this.mapper = mapper;
	}

	/**
	 * Verify that the result is the given JSON: same members and values in any member order,
	 * numbers compared by value.
	 * @param expected the expected JSON
	 * @return {@code this}
	 */
	public PipeResultAssert isEqualToJson(String expected) {
		JsonNode expectedNode = this.mapper.readTree(expected);
		JsonNode actualNode = this.mapper.readTree(this.actual.toString());
		if (!actualNode.equals(expectedNode)) {
			failWithMessage("Expected result%n  %s%nto be JSON%n  %s", actualNode, expectedNode);
		}
		return this;
	}

	/**
	 * Verify that the result is JSON {@code null} (as a {@code void} handler answers).
	 * @return {@code this}
	 */
	public PipeResultAssert isNullJson() {
		if (!this.actual.isNull()) {
			failWithMessage("Expected result null but it was %s", this.actual);
		}
		return this;
	}

	/**
	 * Convert the result with the tester's mapper, failing if it has not that shape.
	 * @param <T> the type to convert to
	 * @param type the type to convert to
	 * @return assertions on the converted value
	 */
	public <T> ObjectAssert<T> convertedTo(Class<T> type) {
		try {
			return Assertions.assertThat(this.mapper.treeToValue(this.actual, type));
		}
		catch (JacksonException ex) {
			failWithMessage("Expected result %s to convert to %s but: %s", this.actual, type.getName(),
					ex.getOriginalMessage());
			throw ex;
		}
	}

}
