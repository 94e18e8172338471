package dev.pipeipc.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PipeClient#stream} over a real Unix domain socket against a scripted generator (a
 * {@link PipeTestClient} over the accepted connection, answering as StreamJsonRpc's
 * async-enumerable protocol says): the first values come with the call's result, more are pulled
 * with {@code $/enumerator/next} and a positional token, closing early sends
 * {@code $/enumerator/abort}, and errors and timeouts reach the reader.
 */
class PipeClientStreamWireTests extends SocketClientTestSupport {

	record Order(int id, String item) {
	}

	private PipeClient client;

	private PipeTestClient peer;

	private void connect(PipeClient.Builder builder) throws IOException {
		Path socket = this.directory.resolve("streams.sock");
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.closeables.add(server);
		server.bind(UnixDomainSocketAddress.of(socket));
		this.client = this.closeables.add(builder.build());
		this.client.connect();
		SocketChannel accepted = server.accept();
		this.peer = this.closeables.add(PipeTestClient.over(accepted, Framing.CONTENT_LENGTH));
	}

	private void connect() throws IOException {
		connect(PipeClient.builder(this.directory.resolve("streams.sock").toString()));
	}

	private void answer(JsonNode request, String resultJson) throws IOException {
		this.peer.send("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + resultJson + "}");
	}

	private void answerError(JsonNode request, int code, String message) throws IOException {
		this.peer.send("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"error\":{\"code\":" + code
				+ ",\"message\":\"" + message + "\"}}");
	}

	private JsonNode receive(String method) throws IOException {
		JsonNode request = this.peer.receiveJson();
		assertThat(request.path("method").asString()).isEqualTo(method);
		return request;
	}

	/** The peer receives a call of the client's next, proving nothing else was sent before it. */
	private void assertNothingElseSent() throws IOException {
		this.client.callAsync("ping", null, String.class);
		assertThat(receive("ping").path("method").asString()).isEqualTo("ping");
	}

	@Test
	void valuesComeWithTheResultAndThenFromPositionalPulls() throws Exception {
		connect();
		CompletableFuture<List<Order>> read = CompletableFuture
			.supplyAsync(() -> this.client.stream("orders.all", List.of("open"), Order.class).toList());
		JsonNode call = receive("orders.all");
		assertThat(call.get("params").toString()).isEqualTo("[\"open\"]");
		answer(call, "{\"token\":\"enum-1\",\"values\":[{\"id\":1,\"item\":\"tea\"},{\"id\":2,\"item\":\"jam\"}]}");
		JsonNode pull = receive("$/enumerator/next");
		assertThat(pull.get("params").toString()).isEqualTo("[\"enum-1\"]");
		assertThat(pull.has("id")).isTrue();
		answer(pull, "{\"values\":[{\"id\":3,\"item\":\"oat\"}],\"finished\":false}");
		JsonNode last = receive("$/enumerator/next");
		answer(last, "{\"values\":[],\"finished\":true}");
		assertThat(read.get(10, TimeUnit.SECONDS)).extracting(Order::id).containsExactly(1, 2, 3);
		assertNothingElseSent();
	}

	@Test
	void closingBeforeTheEndSendsAbortAsANotification() throws Exception {
		connect();
		PipeClient client = this.client;
		CompletableFuture<Order> first = CompletableFuture.supplyAsync(() -> {
			// tag::stream[]
			try (Stream<Order> orders = client.stream("orders.all", null, Order.class)) {
				return orders.findFirst().orElseThrow();    // closing sends $/enumerator/abort
			}
			// end::stream[]
		});
		answer(receive("orders.all"), "{\"token\":42,\"values\":[{\"id\":1,\"item\":\"tea\"},{\"id\":2,\"item\":\"jam\"}]}");
		assertThat(first.get(10, TimeUnit.SECONDS).item()).isEqualTo("tea");
		JsonNode abort = receive("$/enumerator/abort");
		assertThat(abort.get("params").toString()).isEqualTo("[42]");
		assertThat(abort.has("id")).isFalse();
	}

	@Test
	void serverErrorAfterSomeValuesIsThrownByTheNextRead() throws Exception {
		connect();
		Iterator<Order> orders = this.client.stream("orders.all", null, Order.class).iterator();
		answer(receive("orders.all"), "{\"token\":\"t\",\"values\":[{\"id\":1,\"item\":\"tea\"}]}");
		assertThat(orders.next().id()).isEqualTo(1);
		CompletableFuture<Boolean> more = CompletableFuture.supplyAsync(orders::hasNext);
		answerError(receive("$/enumerator/next"), -32050, "The warehouse is closed");
		assertThat(more).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(JsonRpcException.class, (ex) -> {
				assertThat(ex.getCode()).isEqualTo(-32050);
				assertThat(ex.getMessage()).contains("The warehouse is closed");
			});
		assertNothingElseSent();
	}

	@Test
	void openingErrorIsThrownByTheFirstRead() throws Exception {
		connect();
		Stream<Order> orders = this.client.stream("orders.none", null, Order.class);
		answerError(receive("orders.none"), -32601, "Method not found");
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(orders::toList)
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(-32601));
	}

	@Test
	void pullThatTimesOutIsCancelledAndTheStreamAborted() throws Exception {
		connect(PipeClient.builder(this.directory.resolve("streams.sock").toString())
			.requestTimeout(Duration.ofMillis(300)));
		Iterator<Order> orders = this.client.stream("orders.all", null, Order.class).iterator();
		answer(receive("orders.all"), "{\"token\":\"t\"}");
		CompletableFuture<Boolean> more = CompletableFuture.supplyAsync(orders::hasNext);
		JsonNode pull = receive("$/enumerator/next");
		assertThat(more).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(PipeTimeoutException.class)
			.withMessageContaining("$/enumerator/next");
		// Both go out as the pull fails, in either order.
		List<JsonNode> sent = List.of(this.peer.receiveJson(), this.peer.receiveJson());
		assertThat(sent).anySatisfy((cancel) -> {
			assertThat(cancel.path("method").asString()).isEqualTo("$/cancelRequest");
			assertThat(cancel.path("params").path("id").asLong()).isEqualTo(pull.get("id").asLong());
		});
		assertThat(sent).anySatisfy((abort) -> {
			assertThat(abort.path("method").asString()).isEqualTo("$/enumerator/abort");
			assertThat(abort.get("params").toString()).isEqualTo("[\"t\"]");
		});
	}

	@Test
	void closingWhileTheCallIsInFlightCancelsIt() throws Exception {
		connect();
		Stream<Order> orders = this.client.stream("orders.all", null, Order.class);
		JsonNode call = receive("orders.all");
		orders.close();
		JsonNode cancel = receive("$/cancelRequest");
		assertThat(cancel.path("params").path("id").asLong()).isEqualTo(call.get("id").asLong());
	}

	@Test
	void unreadableValueFailsTheReadAndAborts() throws Exception {
		connect();
		Iterator<Order> orders = this.client.stream("orders.all", null, Order.class).iterator();
		answer(receive("orders.all"), "{\"token\":\"t\",\"values\":[\"not an order\"]}");
		assertThatExceptionOfType(PipeClientException.class).isThrownBy(orders::next)
			.withMessageContaining("A value of the stream of method 'orders.all' on pipe '")
			.withMessageContaining("cannot be read as");
		assertThat(receive("$/enumerator/abort").get("params").toString()).isEqualTo("[\"t\"]");
	}

}
