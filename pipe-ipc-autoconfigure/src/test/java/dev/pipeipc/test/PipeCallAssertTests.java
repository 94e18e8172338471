package dev.pipeipc.test;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link PipeCallAssert} and the assertions it leads to say when an answer is not the
 * expected one.
 */
class PipeCallAssertTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static PipeCallAssert success(String result) {
		return new PipeCallAssert(new PipeResponse("orders.get", json.readTree(result), null), json);
	}

	private static PipeCallAssert error(int code, String message, String data) {
		return new PipeCallAssert(new PipeResponse("orders.get", null,
				new PipeResponse.Error(code, message, (data != null) ? json.readTree(data) : null)), json);
	}

	@Test
	void successExpectedButErrorNamesTheMethodAndTheError() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> error(1001, "Order 42 does not exist",
				"{\"id\":42}").isSuccess())
			.withMessageContaining("Expected 'orders.get' to answer with a result but it answered error 1001"
					+ " 'Order 42 does not exist' with data {\"id\":42}");
	}

	@Test
	void errorExpectedButResultNamesTheResult() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> success("{\"id\":42}").isError(1001))
			.withMessageContaining("Expected 'orders.get' to answer with an error but it answered result {\"id\":42}");
	}

	@Test
	void wrongErrorCodeNamesBoth() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> error(1002, "Rejected", null).isError(1001))
			.withMessageContaining("Expected error code 1001 but it was error 1002 'Rejected'");
	}

	@Test
	void errorWithoutDataFailsADataAssertion() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> error(1001, "Gone", null).isError(1001).hasDataSatisfying((data) -> { }))
			.withMessageContaining("Expected error data but there was none in error 1001 'Gone'");
		error(1001, "Gone", null).isError(1001).hasNoData();
	}

	@Test
	void jsonComparisonIgnoresMemberOrderAndNumberRepresentation() {
		success("{\"a\": 1, \"b\": [true, null]}").isSuccess().isEqualToJson("{\"b\": [true, null], \"a\": 1.0e0}".replace("1.0e0", "1"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> success("{\"a\": 1}").isSuccess().isEqualToJson("{\"a\": 2}"))
			.withMessageContaining("to be JSON");
	}

	@Test
	void nullResultIsNullJson() {
		new PipeCallAssert(new PipeResponse("orders.log", NullNode.getInstance(), null), json).isSuccess().isNullJson();
	}

	@Test
	void resultConvertsWithTheMapper() {
		success("{\"text\": \"Hi\", \"length\": 2}").result(Greeting.class).isEqualTo(new Greeting("Hi", 2));
		assertThat(success("[1, 2]").isSuccess().actual().size()).isEqualTo(2);
	}

}
