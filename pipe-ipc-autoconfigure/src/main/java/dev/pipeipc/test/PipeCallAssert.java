package dev.pipeipc.test;

import java.util.function.Consumer;

import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Assertions on a server's answer to one call: a result ({@link #isSuccess()}) or an error
 * ({@link #isError(int)}).
 */
public class PipeCallAssert extends AbstractObjectAssert<PipeCallAssert, PipeResponse> {

	private final ObjectMapper mapper;

	PipeCallAssert(PipeResponse response, ObjectMapper mapper) {
		super(response, PipeCallAssert.class);
		this.mapper = mapper;
	}

	/**
	 * Verify that the server answered with a result.
	 * @return assertions on the result
	 */
	public PipeResultAssert isSuccess() {
		isNotNull();
		PipeResponse.Error error = this.actual.error();
		if (error != null) {
			failWithMessage("Expected '%s' to answer with a result but it answered %s", this.actual.method(), error);
		}
		JsonNode result = this.actual.result();
		if (result == null) {
			throw new IllegalStateException("A successful response has a result");
		}
		return new PipeResultAssert(result, this.mapper).as("result of '%s'", this.actual.method());
	}

	/**
	 * Verify that the server answered with a result that satisfies the given requirements.
	 * @param requirements checks of the result, as JSON
	 * @return {@code this}
	 */
	public PipeCallAssert hasResultSatisfying(Consumer<JsonNode> requirements) {
		isSuccess().satisfies(requirements::accept);
		return this;
	}

	/**
	 * Verify that the server answered with a result and convert it.
	 * @param <T> the type to convert to
	 * @param type the type to convert to, with the tester's mapper
	 * @return assertions on the converted result
	 */
	public <T> ObjectAssert<T> result(Class<T> type) {
		return isSuccess().convertedTo(type);
	}

	/**
	 * Verify that the server answered with an error, whatever its code.
	 * @return assertions on the error
	 */
	public PipeErrorAssert isError() {
		isNotNull();
		PipeResponse.Error error = this.actual.error();
		if (error == null) {
			failWithMessage("Expected '%s' to answer with an error but it answered result %s", this.actual.method(),
					this.actual.result());
			throw new IllegalStateException("Unreachable");
		}
		return new PipeErrorAssert(error, this.mapper).as("error of '%s'", this.actual.method());
	}

	/**
	 * Verify that the server answered with an error of the given code.
	 * @param code the expected error code
	 * @return assertions on the error
	 */
	public PipeErrorAssert isError(int code) {
		return isError().hasCode(code);
	}

	/**
	 * The answer itself.
	 * @return the response
	 */
	public PipeResponse response() {
		return Assertions.assertThat(this.actual).isNotNull().actual();
	}

}
