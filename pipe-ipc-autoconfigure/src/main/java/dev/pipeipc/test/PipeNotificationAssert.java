package dev.pipeipc.test;

import java.util.function.Consumer;

import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Assertions on one notification a server pushed.
 */
public class PipeNotificationAssert extends AbstractObjectAssert<PipeNotificationAssert, PipeNotification> {

	private final ObjectMapper mapper;

	PipeNotificationAssert(PipeNotification notification, ObjectMapper mapper) {
		super(notification, PipeNotificationAssert.class);
		this.mapper = mapper;
	}

	/**
	 * Verify that the notification's params satisfy the given requirements.
	 * @param requirements checks of the params, as JSON
	 * @return {@code this}
	 */
	public PipeNotificationAssert hasParamsSatisfying(Consumer<JsonNode> requirements) {
		new PipeResultAssert(this.actual.params(), this.mapper).as("params of %s", this.actual).satisfies(requirements::accept);
		return this;
	}

	/**
	 * Convert the notification's params.
	 * @param <T> the type to convert to
	 * @param type the type to convert to, with the tester's mapper
	 * @return assertions on the converted params
	 */
	public <T> ObjectAssert<T> params(Class<T> type) {
		return Assertions.assertThat(this.mapper.treeToValue(this.actual.params(), type));
	}

}
