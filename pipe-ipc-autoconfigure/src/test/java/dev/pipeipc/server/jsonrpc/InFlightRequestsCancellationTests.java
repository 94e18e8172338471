package dev.pipeipc.server.jsonrpc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link PipeCancellation} a handler sees, backed by its request's
 * {@link InFlightRequests.Call}.
 */
class InFlightRequestsCancellationTests {

	private final InFlightRequests inFlight = new InFlightRequests();

	private final List<String> ran = new CopyOnWriteArrayList<>();

	private InFlightRequests.Call start(int id) {
		InFlightRequests.Call call = this.inFlight.start(IntNode.valueOf(id));
		assertThat(call).isNotNull();
		return call;
	}

	@Test
	void cancelOfTheRequestRunsEachCallbackOnceAndIsSeenByPolling() {
		InFlightRequests.Call call = start(1);
		call.onCancel(() -> this.ran.add("first"));
		call.onCancel(() -> this.ran.add("second"));
		assertThat(call.isCancelled()).isFalse();
		this.inFlight.cancel(IntNode.valueOf(1));
		this.inFlight.cancel(IntNode.valueOf(1));
		assertThat(call.isCancelled()).isTrue();
		assertThat(this.ran).containsExactly("first", "second");
	}

	@Test
	void callbackRegisteredAfterTheCancelRunsAtOnce() {
		InFlightRequests.Call call = start(2);
		this.inFlight.cancel(IntNode.valueOf(2));
		call.onCancel(() -> this.ran.add("late"));
		assertThat(this.ran).containsExactly("late");
	}

	@Test
	void failingCallbackDoesNotStopTheOthersNorTheCancel() {
		InFlightRequests.Call call = start(3);
		call.onCancel(() -> {
			throw new IllegalStateException("callback bug");
		});
		call.onCancel(() -> this.ran.add("after"));
		this.inFlight.cancelAll();
		assertThat(call.isCancelled()).isTrue();
		assertThat(this.ran).containsExactly("after");
	}

	@Test
	void otherRequestsAreNotCancelled() {
		InFlightRequests.Call cancelled = start(4);
		InFlightRequests.Call other = start(5);
		other.onCancel(() -> this.ran.add("other"));
		this.inFlight.cancel(IntNode.valueOf(4));
		assertThat(cancelled.isCancelled()).isTrue();
		assertThat(other.isCancelled()).isFalse();
		assertThat(this.ran).isEmpty();
	}

}
