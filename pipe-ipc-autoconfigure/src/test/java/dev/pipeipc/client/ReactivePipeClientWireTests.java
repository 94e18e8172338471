package dev.pipeipc.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.client.reactive.ReactivePipeClient;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReactivePipeClient} over a real Unix domain socket against a scripted generator: a
 * {@code Flux} sends its call when subscribed, pulls {@code $/enumerator/next} only for demand
 * that the buffered values do not meet, and cancelling it aborts the stream, or cancels the call
 * while it is in flight.
 */
class ReactivePipeClientWireTests extends SocketClientTestSupport {

	private PipeClient client;

	private ReactivePipeClient reactive;

	private PipeTestClient peer;

	@BeforeEach
	void connect() throws IOException {
		Path socket = this.directory.resolve("flux.sock");
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.closeables.add(server);
		server.bind(UnixDomainSocketAddress.of(socket));
		this.client = this.closeables.add(PipeClient.builder(socket.toString()).build());
		this.reactive = ReactivePipeClient.create(this.client);
		this.client.connect();
		SocketChannel accepted = server.accept();
		this.peer = this.closeables.add(PipeTestClient.over(accepted, Framing.CONTENT_LENGTH));
	}

	private JsonNode receive(String method) {
		try {
			JsonNode request = this.peer.receiveJson();
			assertThat(request.path("method").asString()).isEqualTo(method);
			return request;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void answer(JsonNode request, String resultJson) {
		try {
			this.peer.send("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + resultJson + "}");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The peer receives a call of the client's next, proving nothing else was sent before it. */
	private void assertNothingElseSent() {
		this.client.callAsync("ping", null, String.class);
		receive("ping");
	}

	@Test
	void fluxSendsItsCallOnlyWhenSubscribed() {
		Flux<Integer> numbers = this.reactive.stream("numbers", null, Integer.class);
		assertNothingElseSent();
		StepVerifier.create(numbers)
			.then(() -> answer(receive("numbers"), "{\"values\":[1,2]}"))
			.expectNext(1, 2)
			.verifyComplete();
	}

	@Test
	void requestPullsOnlyWhatBufferedValuesDoNotMeet() {
		AtomicReference<JsonNode> call = new AtomicReference<>();
		StepVerifier.create(this.reactive.stream("numbers", null, Integer.class), 0)
			.expectSubscription()
			.then(() -> call.set(receive("numbers")))
			.then(() -> answer(call.get(), "{\"token\":\"t\"}"))
			.then(this::assertNothingElseSent)
			.thenRequest(1)
			.then(() -> {
				JsonNode pull = receive("$/enumerator/next");
				assertThat(pull.get("params").toString()).isEqualTo("[\"t\"]");
				answer(pull, "{\"values\":[1,2,3],\"finished\":false}");
			})
			.expectNext(1)
			.thenRequest(2)
			.expectNext(2, 3)
			.then(this::assertNothingElseSent)
			.thenRequest(5)
			.then(() -> answer(receive("$/enumerator/next"), "{\"values\":[4],\"finished\":true}"))
			.expectNext(4)
			.verifyComplete();
		assertNothingElseSent();
	}

	@Test
	void cancellingAfterTheResultAbortsTheStream() {
		PipeClient client = this.client;
		// tag::flux[]
		ReactivePipeClient reactive = ReactivePipeClient.create(client);
		Flux<Integer> firstNumber = reactive.stream("numbers", null, Integer.class).take(1);
		// end::flux[]
		StepVerifier.create(firstNumber)
			.then(() -> answer(receive("numbers"), "{\"token\":9,\"values\":[1,2]}"))
			.expectNext(1)
			.verifyComplete();
		JsonNode abort = receive("$/enumerator/abort");
		assertThat(abort.get("params").toString()).isEqualTo("[9]");
		assertThat(abort.has("id")).isFalse();
	}

	@Test
	void cancellingWhileTheCallIsInFlightCancelsTheCall() {
		Disposable subscription = this.reactive.stream("numbers", null, Integer.class).subscribe();
		JsonNode call = receive("numbers");
		subscription.dispose();
		JsonNode cancel = receive("$/cancelRequest");
		assertThat(cancel.path("params").path("id").asLong()).isEqualTo(call.get("id").asLong());
	}

	@Test
	void serverErrorAfterValuesIsTheFluxsError() {
		StepVerifier.create(this.reactive.stream("numbers", null, Integer.class))
			.then(() -> answer(receive("numbers"), "{\"token\":\"t\",\"values\":[1]}"))
			.expectNext(1)
			.then(() -> {
				JsonNode pull = receive("$/enumerator/next");
				try {
					this.peer.send("{\"jsonrpc\":\"2.0\",\"id\":" + pull.get("id")
							+ ",\"error\":{\"code\":-32050,\"message\":\"The warehouse is closed\"}}");
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			})
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(JsonRpcException.class)
				.hasMessageContaining("The warehouse is closed"))
			.verify();
		assertNothingElseSent();
	}

	@Test
	void eachSubscriptionMakesItsOwnCall() {
		Flux<Integer> numbers = this.reactive.stream("numbers", null, Integer.class);
		for (int i = 0; i < 2; i++) {
			StepVerifier.create(numbers)
				.then(() -> answer(receive("numbers"), "[7]"))
				.expectNext(7)
				.verifyComplete();
		}
	}

}
