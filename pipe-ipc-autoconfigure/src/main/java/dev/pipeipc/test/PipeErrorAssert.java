package dev.pipeipc.test;

import java.util.function.Consumer;

import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Assertions on the error a server answered with.
 */
public class PipeErrorAssert extends AbstractObjectAssert<PipeErrorAssert, PipeResponse.Error> {

	private final ObjectMapper mapper;

	PipeErrorAssert(PipeResponse.Error error, ObjectMapper mapper) {
		super(error, PipeErrorAssert.class);
		this.mapper = mapper;
	}

	/**
	 * Verify the error's code.
	 * @param code the expected code
	 * @return {@code this}
	 */
	public PipeErrorAssert hasCode(int code) {
		if (this.actual.code() != code) {
			failWithMessage("Expected error code %d but it was %s", code, this.actual);
		}
		return this;
	}

	/**
	 * Verify the error's message.
	 * @param message the expected message
	 * @return {@code this}
	 */
	public PipeErrorAssert hasMessage(String message) {
		if (!this.actual.message().equals(message)) {
			failWithMessage("Expected error message '%s' but it was %s", message, this.actual);
		}
		return this;
	}

	/**
	 * Verify that the error's message contains the given text.
	 * @param text the expected part
	 * @return {@code this}
	 */
	public PipeErrorAssert hasMessageContaining(String text) {
		if (!this.actual.message().contains(text)) {
			failWithMessage("Expected error message to contain '%s' but it was %s", text, this.actual);
		}
		return this;
	}

	/**
	 * Verify that the error has data that satisfies the given requirements.
	 * @param requirements checks of the data, as JSON
	 * @return {@code this}
	 */
	public PipeErrorAssert hasDataSatisfying(Consumer<JsonNode> requirements) {
		new PipeResultAssert(data(), this.mapper).as("data of %s", this.actual).satisfies(requirements::accept);
		return this;
	}

	/**
	 * Verify that the error has data and convert it.
	 * @param <T> the type to convert to
	 * @param type the type to convert to, with the tester's mapper
	 * @return assertions on the converted data
	 */
	public <T> ObjectAssert<T> data(Class<T> type) {
		return Assertions.assertThat(this.mapper.treeToValue(data(), type));
	}

	/**
	 * Verify that the error has no data.
	 * @return {@code this}
	 */
	public PipeErrorAssert hasNoData() {
		if (this.actual.data() != null) {
			failWithMessage("Expected no error data but it was %s", this.actual);
		}
		return this;
	}

	private JsonNode data() {
		JsonNode data = this.actual.data();
		if (data == null) {
			failWithMessage("Expected error data but there was none in %s", this.actual);
			throw new IllegalStateException("Unreachable");
		}
		return data;
	}

}
