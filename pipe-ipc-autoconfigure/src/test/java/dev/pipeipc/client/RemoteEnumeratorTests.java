package dev.pipeipc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.jsonrpc.JsonRpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The pull state machine of a remote stream, against a {@link RecordingExchange}: when it pulls,
 * what it buffers, and when it aborts. No socket; the wire is covered by
 * {@link PipeClientStreamWireTests}.
 */
class RemoteEnumeratorTests {

	private final RecordingExchange exchange = new RecordingExchange();

	private final CompletableFuture<JsonNode> opening = new CompletableFuture<>();

	private final RemoteEnumerator enumerator = new RemoteEnumerator("method 'orders.all' on pipe 'orders'",
			this.exchange, () -> {
			});

	RemoteEnumeratorTests() {
		this.enumerator.start(this.opening);
	}

	private void open(String resultJson) {
		this.opening.complete(RecordingExchange.json(resultJson));
	}

	private List<String> drain() {
		List<String> values = new ArrayList<>();
		JsonNode value;
		while ((value = this.enumerator.poll()) != null) {
			values.add(value.toString());
		}
		return values;
	}

	@Test
	void pullsNothingWhileTheOpeningCallIsInFlight() {
		assertThat(this.enumerator.fetch()).isNotNull().isNotDone();
		assertThat(this.exchange.pulls).isEmpty();
	}

	@Test
	void prefetchedValuesAreBufferedWithoutAPull() {
		open("{\"token\":\"t1\",\"values\":[1,2]}");
		assertThat(this.enumerator.fetch()).isNull();
		assertThat(drain()).containsExactly("1", "2");
		assertThat(this.exchange.pulls).isEmpty();
	}

	@Test
	void pullsWithTheTokenOnlyOnceTheBufferIsEmptyAndOneAtATime() {
		open("{\"token\":\"t1\",\"values\":[1]}");
		assertThat(this.enumerator.fetch()).isNull();
		drain();
		CompletableFuture<?> first = this.enumerator.fetch();
		CompletableFuture<?> again = this.enumerator.fetch();
		assertThat(again).isSameAs(first);
		assertThat(this.exchange.pulledTokens).containsExactly("\"t1\"");
		this.exchange.answer("{\"values\":[2,3],\"finished\":false}");
		assertThat(first).isDone();
		assertThat(drain()).containsExactly("2", "3");
	}

	@Test
	void aStreamWithoutATokenIsFinishedAfterItsValues() {
		open("{\"values\":[1,2]}");
		assertThat(drain()).containsExactly("1", "2");
		assertThat(this.enumerator.isDone()).isTrue();
		assertThat(this.enumerator.fetch()).isNull();
	}

	@Test
	void anArrayResultIsAStreamOfItsElements() {
		open("[1,2,3]");
		assertThat(drain()).containsExactly("1", "2", "3");
		assertThat(this.enumerator.isDone()).isTrue();
	}

	@Test
	void anEmptyObjectIsAnEmptyStream() {
		open("{}");
		assertThat(this.enumerator.isDone()).isTrue();
		assertThat(this.enumerator.failure()).isNull();
	}

	@Test
	void finishedAnswerEndsTheStreamAndCloseSendsNoAbort() {
		open("{\"token\":7}");
		this.enumerator.fetch();
		this.exchange.answer("{\"values\":[1],\"finished\":true}");
		assertThat(drain()).containsExactly("1");
		assertThat(this.enumerator.isDone()).isTrue();
		this.enumerator.close();
		assertThat(this.exchange.abortedTokens).isEmpty();
	}

	@Test
	void closeBeforeTheEndAbortsOnce() {
		open("{\"token\":{\"id\":7},\"values\":[1]}");
		this.enumerator.close();
		this.enumerator.close();
		assertThat(this.exchange.abortedTokens).containsExactly("{\"id\":7}");
		assertThat(this.enumerator.poll()).isNull();
		assertThat(this.enumerator.isDone()).isTrue();
		assertThat(this.enumerator.failure()).isNull();
	}

	@Test
	void closeWhileOpeningCancelsTheCall() {
		this.enumerator.close();
		assertThat(this.opening).isCancelled();
		assertThat(this.exchange.abortedTokens).isEmpty();
	}

	@Test
	void closeWhilePullingCancelsThePullAndAborts() {
		open("{\"token\":\"t1\"}");
		CompletableFuture<?> answered = this.enumerator.fetch();
		this.enumerator.close();
		assertThat(this.exchange.lastPull()).isCancelled();
		assertThat(answered).isDone();
		assertThat(this.exchange.abortedTokens).containsExactly("\"t1\"");
	}

	@Test
	void serverErrorOnAPullIsTheFailureAndNeedsNoAbort() {
		open("{\"token\":\"t1\",\"values\":[1]}");
		drain();
		this.enumerator.fetch();
		this.exchange.lastPull().completeExceptionally(new JsonRpcException(-32603, "Disk gone", null));
		assertThat(this.enumerator.isDone()).isTrue();
		assertThat(this.enumerator.failure()).isInstanceOf(JsonRpcException.class).hasMessageContaining("Disk gone");
		this.enumerator.close();
		assertThat(this.exchange.abortedTokens).isEmpty();
	}

	@Test
	void failureOnTheClientsSideAborts() {
		open("{\"token\":\"t1\"}");
		this.enumerator.fetch();
		this.exchange.lastPull().completeExceptionally(new PipeTimeoutException("did not answer"));
		assertThat(this.enumerator.failure()).isInstanceOf(PipeTimeoutException.class);
		assertThat(this.exchange.abortedTokens).containsExactly("\"t1\"");
	}

	@Test
	void lostConnectionNeedsNoAbort() {
		open("{\"token\":\"t1\"}");
		this.enumerator.fetch();
		this.exchange.lastPull().completeExceptionally(new PipeClosedException("gone"));
		assertThat(this.enumerator.failure()).isInstanceOf(PipeClosedException.class);
		assertThat(this.exchange.abortedTokens).isEmpty();
	}

	@Test
	void valuesBeforeAFailureAreTakenFirst() {
		open("{\"token\":\"t1\",\"values\":[1]}");
		drain();
		this.enumerator.fetch();
		this.exchange.answer("{\"values\":[2]}");
		this.enumerator.poll();
		this.enumerator.fetch();
		this.exchange.lastPull().completeExceptionally(new JsonRpcException(-32000, "Broken", null));
		assertThat(this.exchange.pulledTokens).containsExactly("\"t1\"", "\"t1\"");
		assertThat(this.enumerator.failure()).isNotNull();
	}

	@Test
	void unknownTokenSaysTheStreamIsNoLongerKnown() {
		open("{\"token\":\"t1\"}");
		this.enumerator.fetch();
		this.exchange.lastPull().completeExceptionally(new JsonRpcException(-32001, "Unknown token", null));
		assertThat(this.enumerator.failure()).isInstanceOf(PipeClientException.class)
			.hasMessageContaining("method 'orders.all' on pipe 'orders' is no longer known to the server")
			.hasCauseInstanceOf(JsonRpcException.class);
	}

	@Test
	void emptyValuesThatAreNotFinishedFailAndAbort() {
		open("{\"token\":\"t1\"}");
		this.enumerator.fetch();
		this.exchange.answer("{\"values\":[],\"finished\":false}");
		assertThat(this.enumerator.failure()).isInstanceOf(PipeClientException.class)
			.hasMessageContaining("has no values but is not finished");
		assertThat(this.exchange.abortedTokens).containsExactly("\"t1\"");
	}

	@Test
	void resultThatIsNotAStreamFailsNamingTheMethod() {
		open("{\"id\":42,\"item\":\"coffee\"}");
		assertThat(this.enumerator.failure()).isInstanceOf(PipeClientException.class)
			.hasMessage("Result of method 'orders.all' on pipe 'orders' is not a stream: expected an object with"
					+ " 'token' and 'values' members, but it has a member 'id'");
	}

	@Test
	void openingCallErrorIsTheFailure() {
		this.opening.completeExceptionally(new JsonRpcException(-32601, "Method not found", null));
		assertThat(this.enumerator.isDone()).isTrue();
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> {
			throw this.enumerator.failure();
		});
		assertThat(this.exchange.abortedTokens).isEmpty();
	}

}
