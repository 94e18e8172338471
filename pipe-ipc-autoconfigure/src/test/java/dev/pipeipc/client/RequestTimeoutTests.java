package dev.pipeipc.client;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link RequestTimeout} fails a call left unanswered, and lets go of a call that was answered.
 */
class RequestTimeoutTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void failsACallThatIsNotAnsweredInTime() {
		PendingCall<String> call = new PendingCall<>(1, "slow", this.mapper.constructType(String.class));
		new RequestTimeout("orders", Duration.ofMillis(20)).watch(call);

		await().atMost(Duration.ofSeconds(10)).until(() -> call.future().isDone());
		assertThatThrownBy(() -> call.future().get()).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(PipeTimeoutException.class)
			.hasMessage("Method 'slow' on pipe 'orders' did not answer within 20 ms");
	}

	@Test
	void answeredCallIsNotHeldUntilItsTimeoutHasPassed() {
		PendingCall<String> call = new PendingCall<>(1, "fast", this.mapper.constructType(String.class));
		new RequestTimeout("orders", Duration.ofHours(1)).watch(call);
		call.complete(JsonNodeFactory.instance.stringNode("answer"), this.mapper);
		WeakReference<PendingCall<String>> answered = new WeakReference<>(call);
		call = null;

		await().atMost(Duration.ofSeconds(10)).until(() -> {
			System.gc();
			return answered.get() == null;
		});
		assertThat(answered.get()).isNull();
	}

}
