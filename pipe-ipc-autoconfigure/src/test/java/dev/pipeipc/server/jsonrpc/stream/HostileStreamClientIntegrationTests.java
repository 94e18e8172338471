package dev.pipeipc.server.jsonrpc.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.PipeTestClient;

import static dev.pipeipc.server.PipeTestClient.notification;
import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a client that does not behave like StreamJsonRpc's own sends: tokens of the wrong shape,
 * pulls after the end and in parallel, aborts twice, another connection's token, and handlers
 * whose streams fail, are empty, null, huge or slow.
 */
class HostileStreamClientIntegrationTests {

	private static final StreamSettings SETTINGS = new StreamSettings(2, 0, 2, 3, Duration.ofMinutes(5));

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private final StreamHandlers handlers = new StreamHandlers();

	private final Misbehaving misbehaving = new Misbehaving();

	private StreamingServer server;

	private PipeTestClient client;

	@BeforeEach
	void start() throws IOException {
		this.server = this.resources.add(StreamingServer.start(this.resources.socket("hostile.sock"), SETTINGS,
				this.handlers, this.misbehaving));
		this.client = this.resources.add(this.server.connect());
	}

	@Test
	void tokenOfTheWrongShape() throws IOException {
		assertThat(result(1, "numbers.flux", "[20]")).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		assertThat(errorCode(2, "$/enumerator/next", "[\"1\"]")).isEqualTo(-32001);
		assertThat(errorCode(3, "$/enumerator/next", "[1.5]")).isEqualTo(-32001);
		assertThat(errorCode(4, "$/enumerator/next", "[true]")).isEqualTo(-32001);
		assertThat(errorCode(5, "$/enumerator/next", "[{}]")).isEqualTo(-32001);
		assertThat(errorCode(6, "$/enumerator/next", "[null]")).isEqualTo(-32602);
		assertThat(errorCode(7, "$/enumerator/next", "{\"token\":null}")).isEqualTo(-32602);
		assertThat(errorCode(8, "$/enumerator/next", "{}")).isEqualTo(-32602);
		assertThat(errorCode(9, "$/enumerator/next", null)).isEqualTo(-32602);
		assertThat(errorCode(10, "$/enumerator/next", "[1, 2]")).isEqualTo(-32602);
		assertThat(errorCode(11, "$/enumerator/next", "{\"tok\":1}")).isEqualTo(-32602);
		assertThat(errorCode(12, "$/enumerator/next", "[-1]")).isEqualTo(-32001);
		assertThat(errorCode(13, "$/enumerator/next", "[99999999999999999999999]")).isEqualTo(-32001);
		// The stream survived every bad pull.
		assertThat(errorCode(16, "$/enumerator/next", "[1.0]")).isEqualTo(-32001);
		assertThat(result(14, "$/enumerator/next", "[1]")).isEqualTo("{\"values\":[2,3],\"finished\":false}");
		assertThat(result(15, "$/enumerator/next", "{\"token\":1,\"extra\":true}"))
			.isEqualTo("{\"values\":[4,5],\"finished\":false}");
	}

	@Test
	void nextAfterAbortAndAbortTwice() throws IOException {
		assertThat(result(1, "numbers.endless", null)).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		this.client.send(notification("$/enumerator/abort", "[1]"));
		assertThat(errorCode(2, "$/enumerator/next", "[1]")).isEqualTo(-32001);
		assertThat(errorCode(3, "$/enumerator/abort", "[1]")).isEqualTo(-32001);
		this.client.send(notification("$/enumerator/abort", "[1]"));
		this.client.send(notification("$/enumerator/abort", "[42]"));
		assertThat(this.handlers.cancelled).hasValue(1);
		assertThat(result(4, "numbers.flux", "[1]")).isEqualTo("{\"values\":[0]}");
	}

	@Test
	void twoPullsPipelinedForTheSameTokenAnswerBothWithoutLosingValues() throws IOException {
		assertThat(result(1, "numbers.flux", "[20]")).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		this.client.send(request(2, "$/enumerator/next", "[1]"));
		this.client.send(request(3, "$/enumerator/next", "[1]"));
		java.util.List<Integer> values = new java.util.ArrayList<>();
		for (int i = 0; i < 2; i++) {
			JsonNode reply = this.client.receiveJson();
			if (reply.has("error")) {
				// A pull while another is pending may be refused; the stream goes on.
				assertThat(reply.get("error").get("code").asInt()).as("%s", reply).isEqualTo(-32600);
			}
			else {
				reply.get("result").get("values").forEach((value) -> values.add(value.asInt()));
			}
		}
		JsonNode reply = this.client.call(request(4, "$/enumerator/next", "[1]"));
		reply.get("result").get("values").forEach((value) -> values.add(value.asInt()));
		java.util.Collections.sort(values);
		// Whichever pull is answered first, no value is lost or sent twice.
		assertThat(values).isEqualTo(java.util.stream.IntStream.range(2, 2 + values.size()).boxed().toList());
	}

	@Test
	void anotherConnectionsTokenIsUnknown() throws IOException {
		assertThat(result(1, "numbers.endless", null)).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		try (PipeTestClient other = this.server.connect()) {
			assertThat(errorCode(other, 1, "$/enumerator/next", "[1]")).isEqualTo(-32001);
			assertThat(errorCode(other, 2, "$/enumerator/abort", "[1]")).isEqualTo(-32001);
			other.send(notification("$/enumerator/abort", "[1]"));
			assertThat(errorCode(other, 3, "$/enumerator/next", "[1]")).isEqualTo(-32001);
		}
		assertThat(result(2, "$/enumerator/next", "[1]")).isEqualTo("{\"values\":[2,3],\"finished\":false}");
		assertThat(this.handlers.cancelled).hasValue(0);
	}

	@Test
	void cancelRequestOfTheOriginalIdAfterTheResponse() throws IOException {
		assertThat(result(1, "numbers.endless", null)).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		this.client.send(notification("$/cancelRequest", "{\"id\":1}"));
		// Documented in StreamReleaseIntegrationTests: cancelling the original request ends its stream.
		await().untilAsserted(() -> assertThat(this.handlers.cancelled).hasValue(1));
		assertThat(errorCode(2, "$/enumerator/next", "[1]")).isEqualTo(-32001);
	}

	@Test
	void fluxFailingBeforeItsFirstValueIsAnErrorResponseWithNoToken() throws IOException {
		JsonNode reply = this.client.call(request(1, "misbehaving.failsAtOnce", null));
		assertThat(reply.get("error").get("code").asInt()).as("%s", reply).isEqualTo(4321);
		assertThat(errorCode(2, "$/enumerator/next", "[1]")).isEqualTo(-32001);
		// The failed stream used token 1: tokens are never reused on a connection.
		assertThat(result(3, "numbers.flux", "[3]")).isEqualTo("{\"token\":2,\"values\":[0,1]}");
	}

	@Test
	void streamWhoseIteratorThrowsEndsWithAnErrorAndIsClosed() throws IOException {
		assertThat(result(1, "misbehaving.iteratorThrows", null)).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		JsonNode failed = this.client.call(request(2, "$/enumerator/next", "[1]"));
		assertThat(failed.has("error") || failed.get("result").get("values").size() >= 1).as("%s", failed).isTrue();
		if (!failed.has("error")) {
			failed = this.client.call(request(3, "$/enumerator/next", "[1]"));
		}
		assertThat(failed.get("error").get("code").asInt()).as("%s", failed).isEqualTo(-32603);
		await().untilAsserted(() -> assertThat(this.misbehaving.closed).hasValue(1));
		assertThat(errorCode(4, "$/enumerator/next", "[1]")).isEqualTo(-32001);
	}

	@Test
	void streamThatThrowsAtOnceIsAnErrorResponseAndIsClosed() throws IOException {
		JsonNode reply = this.client.call(request(1, "misbehaving.throwsAtOnce", null));
		assertThat(reply.has("error")).as("%s", reply).isTrue();
		await().untilAsserted(() -> assertThat(this.misbehaving.closed).hasValue(1));
	}

	@Test
	void handlerReturningNullIsANullResult() throws IOException {
		JsonNode reply = this.client.call(request(1, "misbehaving.nullFlux", null));
		assertThat(reply.has("error")).as("%s", reply).isFalse();
		assertThat(reply.get("result").isNull()).as("%s", reply).isTrue();
		assertThat(result(2, "numbers.flux", "[3]")).isEqualTo("{\"token\":1,\"values\":[0,1]}");
	}

	@Test
	void veryLargeItemsAreStreamed() throws IOException {
		this.client.timeout(Duration.ofSeconds(30));
		JsonNode first = this.client.call(request(1, "misbehaving.large", "[3]"));
		assertThat(first.get("result").get("values").get(0).asString()).hasSize(4 * 1024 * 1024);
		JsonNode next = this.client.call(request(2, "$/enumerator/next", "[1]"));
		assertThat(next.get("result").get("values").get(0).asString()).hasSize(4 * 1024 * 1024);
		assertThat(next.get("result").get("finished").asBoolean()).isTrue();
	}

	@Test
	void nextWaitsForASlowPublisher() throws IOException {
		this.client.send(request(1, "misbehaving.slow", null));
		await().until(() -> this.misbehaving.sink.currentSubscriberCount() == 1);
		this.misbehaving.sink.tryEmitNext(0);
		this.misbehaving.sink.tryEmitNext(1);
		assertThat(this.client.receiveJson().get("result").toString()).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		this.client.send(request(2, "$/enumerator/next", "[1]"));
		// No value yet: the pull is answered once one arrives.
		this.misbehaving.sink.tryEmitNext(2);
		this.misbehaving.sink.tryEmitComplete();
		JsonNode reply = this.client.receiveJson();
		assertThat(reply.get("id").asInt()).isEqualTo(2);
		assertThat(reply.get("result").get("values").get(0).asInt()).isEqualTo(2);
	}

	@Test
	void idleTimeoutCountsOnlyTheClientsInactivityNotASlowPublisher() throws IOException {
		Sinks.Many<Integer> sink = this.misbehaving.slowSink;
		this.client.send(request(1, "misbehaving.slowWithShortIdleTimeout", null));
		await().until(() -> sink.currentSubscriberCount() == 1);
		sink.tryEmitNext(0);
		sink.tryEmitNext(1);
		assertThat(this.client.receiveJson().get("result").toString()).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		this.client.send(request(2, "$/enumerator/next", "[1]"));
		// A pull waits for the publisher well past the idle timeout without the stream being cancelled.
		await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(this.misbehaving.slowCancelled).hasValue(0));
		// The pull is answered once min-batch-size (2) values arrived.
		sink.tryEmitNext(2);
		sink.tryEmitNext(3);
		JsonNode reply = this.client.receiveJson();
		assertThat(reply.get("id").asInt()).isEqualTo(2);
		assertThat(reply.get("result").get("values").get(0).asInt()).isEqualTo(2);
		// Now the client stops pulling: the timeout counts from its last answer.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.misbehaving.slowCancelled).hasValue(1));
	}

	@Test
	void disconnectMidStreamClosesTheHandlersStream() throws Exception {
		PipeTestClient other = this.server.connect();
		assertThat(result(other, 1, "numbers.endlessStream", null)).isEqualTo("{\"token\":1,\"values\":[0,1]}");
		assertThat(result(other, 2, "numbers.endless", null)).isEqualTo("{\"token\":2,\"values\":[0,1]}");
		other.close();
		await().untilAsserted(() -> {
			assertThat(this.handlers.streamsClosed).hasValue(1);
			assertThat(this.handlers.cancelled).hasValue(1);
		});
		assertThat(result(1, "numbers.flux", "[3]")).isEqualTo("{\"token\":1,\"values\":[0,1]}");
	}

	private String result(int id, String method, String params) throws IOException {
		return result(this.client, id, method, params);
	}

	private static String result(PipeTestClient client, int id, String method, String params) throws IOException {
		JsonNode reply = client.call(request(id, method, params));
		assertThat(reply.has("error")).as("error in %s", reply).isFalse();
		return reply.get("result").toString();
	}

	private int errorCode(int id, String method, String params) throws IOException {
		return errorCode(this.client, id, method, params);
	}

	private static int errorCode(PipeTestClient client, int id, String method, String params) throws IOException {
		JsonNode reply = client.call(request(id, method, params));
		assertThat(reply.has("error")).as("no error in %s", reply).isTrue();
		return reply.get("error").get("code").asInt();
	}

	static class Misbehaving {

		final AtomicInteger closed = new AtomicInteger();

		final Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();

		@PipeHandler("misbehaving.failsAtOnce")
		Flux<Integer> failsAtOnce() {
			return Flux.error(new JsonRpcException(4321, "No orders today"));
		}

		@PipeHandler("misbehaving.nullFlux")
		Flux<Integer> nullFlux() {
			return null;
		}

		@PipeHandler("misbehaving.slow")
		Flux<Integer> slow() {
			return this.sink.asFlux();
		}

		final Sinks.Many<Integer> slowSink = Sinks.many().unicast().onBackpressureBuffer();

		final AtomicInteger slowCancelled = new AtomicInteger();

		@PipeHandler("misbehaving.slowWithShortIdleTimeout")
		@dev.pipeipc.annotation.PipeStream(idleTimeout = "200ms")
		Flux<Integer> slowWithShortIdleTimeout() {
			return this.slowSink.asFlux().doOnCancel(this.slowCancelled::incrementAndGet);
		}

		@PipeHandler("misbehaving.large")
		Flux<String> large(int count) {
			return Flux.range(0, count).map((i) -> "x".repeat(4 * 1024 * 1024));
		}

		@PipeHandler("misbehaving.iteratorThrows")
		Stream<Integer> iteratorThrows() {
			Iterator<Integer> iterator = new Iterator<>() {
				int next;

				@Override
				public boolean hasNext() {
					return true;
				}

				@Override
				public Integer next() {
					if (this.next == 3) {
						throw new IllegalStateException("disk gone");
					}
					return this.next++;
				}
			};
			return Stream.iterate(0, (n) -> true, (n) -> n).map((n) -> iterator.next()).onClose(this.closed::incrementAndGet);
		}

		@PipeHandler("misbehaving.throwsAtOnce")
		Stream<Integer> throwsAtOnce() {
			return Stream.of(1).map((n) -> {
				throw new IllegalStateException("disk gone");
			}).map((n) -> (Integer) n).onClose(this.closed::incrementAndGet);
		}

	}

}
