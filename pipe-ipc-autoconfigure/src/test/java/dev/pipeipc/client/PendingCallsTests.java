package dev.pipeipc.client;

import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PendingCalls}: one connection's table of calls waiting for answers.
 */
class PendingCallsTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final PendingCalls calls = new PendingCalls();

	private static PendingCall<String> call(long id) {
		return new PendingCall<>(id, "method-" + id, mapper.constructType(String.class));
	}

	@Test
	void addedCallIsTakenByItsId() {
		PendingCall<String> call = call(1);
		assertThat(this.calls.add(call)).isTrue();
		assertThat(this.calls.take(1)).isSameAs(call);
		assertThat(this.calls.take(1)).isNull();
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void failAllFailsEveryWaitingCallAndReturnsTheirIds() {
		PendingCall<String> first = call(1);
		PendingCall<String> second = call(2);
		this.calls.add(first);
		this.calls.add(second);
		PipeClosedException failure = new PipeClosedException("gone");
		assertThat(this.calls.failAll(failure)).containsExactlyInAnyOrder(1L, 2L);
		assertThatThrownBy(() -> first.future().get()).isInstanceOf(ExecutionException.class).cause().isSameAs(failure);
		assertThatThrownBy(() -> second.future().get()).cause().isSameAs(failure);
	}

	@Test
	void failAllLeavesTheTableOpenForLaterCalls() {
		this.calls.failAll(new JsonRpcException(JsonRpcErrorCodes.SERVER_UNAVAILABLE, "Server unavailable"));
		PendingCall<String> later = call(3);
		assertThat(this.calls.add(later)).isTrue();
		assertThat(later.future()).isNotDone();
	}

	@Test
	void callAddedAfterCloseFailsAtOnceWithTheCloseReason() {
		PipeClosedException failure = new PipeClosedException("Connection to pipe 'p' was closed by the server");
		this.calls.close(failure);
		PendingCall<String> late = call(4);
		assertThat(this.calls.add(late)).isFalse();
		assertThatThrownBy(() -> late.future().get()).cause().isSameAs(failure);
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void closingOneConnectionsTableLeavesAnotherConnectionsCallsWaiting() {
		PendingCalls otherConnection = new PendingCalls();
		PendingCall<String> old = call(1);
		PendingCall<String> resent = call(2);
		this.calls.add(old);
		otherConnection.add(resent);
		this.calls.close(new PipeClosedException("old connection broke"));
		assertThat(old.future()).isCompletedExceptionally();
		assertThat(resent.future()).isNotDone();
		assertThat(otherConnection.take(2)).isSameAs(resent);
	}

	@Test
	void callCompletedBeforeItIsAddedDoesNotWait() {
		PendingCall<String> cancelled = call(5);
		cancelled.future().cancel(true);
		assertThat(this.calls.add(cancelled)).isFalse();
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void removeForgetsOnlyThatCall() {
		PendingCall<String> kept = call(1);
		PendingCall<String> forgotten = call(2);
		this.calls.add(kept);
		this.calls.add(forgotten);
		assertThat(this.calls.remove(forgotten)).isTrue();
		assertThat(this.calls.remove(forgotten)).isFalse();
		assertThat(this.calls.take(1)).isSameAs(kept);
	}

	@Test
	void secondCloseKeepsTheFirstReason() {
		PipeClosedException first = new PipeClosedException("first");
		this.calls.close(first);
		this.calls.close(new PipeClosedException("second"));
		PendingCall<String> late = call(6);
		this.calls.add(late);
		assertThatThrownBy(() -> late.future().get()).cause().isSameAs(first);
	}

}
