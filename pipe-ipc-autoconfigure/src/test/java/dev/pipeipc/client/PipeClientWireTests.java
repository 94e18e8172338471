package dev.pipeipc.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the {@link PipeClient} puts on the wire and how it reads what comes back, against a
 * hand-driven peer on a real Unix domain socket (a {@link PipeTestClient} over the accepted
 * connection, so each byte is the test's choice): requests are JSON-RPC 2.0 objects with numeric
 * ids and params as sent (a list as an array, a map as an object, a single scalar wrapped in an
 * array, no {@code params} member for {@code null}); notifications carry no id; cancelling a call
 * sends {@code $/cancelRequest} with its id; answers in any order, or inside a batch array, are
 * matched by id, while answers to unknown ids and frames that are not JSON are ignored; an error
 * without id of code {@code -32000} (server unavailable) fails every pending call, while other
 * errors without id fail none.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeClientWireTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private PipeClient client;

	private PipeTestClient peer;

	@BeforeEach
	void connect() throws IOException {
		Path socket = this.directory.resolve("wire.sock");
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.resources.add(server);
		server.bind(UnixDomainSocketAddress.of(socket));
		this.client = PipeClient.builder(socket.toString()).build();
		this.resources.add(this.client);
		this.client.connect();
		SocketChannel accepted = server.accept();
		this.peer = PipeTestClient.over(accepted, Framing.CONTENT_LENGTH);
		this.resources.add(this.peer);
	}

	@AfterEach
	void closeResources() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	private void answer(JsonNode request, String resultJson) throws IOException {
		this.peer.send("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + resultJson + "}");
	}

	@Test
	void requestIsAJsonRpcObjectWithANumericIdAndPositionalParams() throws IOException {
		this.client.callAsync("orders.get", List.of(42, "open"), String.class);
		JsonNode request = this.peer.receiveJson();
		assertThat(request.get("jsonrpc").asString()).isEqualTo("2.0");
		assertThat(request.get("id").isIntegralNumber()).isTrue();
		assertThat(request.get("method").asString()).isEqualTo("orders.get");
		assertThat(request.get("params").toString()).isEqualTo("[42,\"open\"]");
	}

	@Test
	void mapParamsAreSentAsAnObject() throws IOException {
		this.client.callAsync("orders.find", Map.of("item", "coffee"), String.class);
		assertThat(this.peer.receiveJson().get("params").toString()).isEqualTo("{\"item\":\"coffee\"}");
	}

	@Test
	void singleScalarParamIsWrappedInAnArray() throws IOException {
		this.client.callAsync("square", 7, Integer.class);
		assertThat(this.peer.receiveJson().get("params").toString()).isEqualTo("[7]");
	}

	@Test
	void nullParamsLeaveOutTheParamsMember() throws IOException {
		this.client.callAsync("status", null, String.class);
		JsonNode request = this.peer.receiveJson();
		assertThat(request.has("params")).isFalse();
		assertThat(request.get("method").asString()).isEqualTo("status");
	}

	@Test
	void eachCallHasItsOwnId() throws IOException {
		for (int i = 0; i < 5; i++) {
			this.client.callAsync("status", null, String.class);
		}
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(this.peer.receiveJson().get("id").asLong());
		}
		assertThat(ids).doesNotHaveDuplicates();
	}

	@Test
	void notificationHasNoId() throws IOException {
		this.client.notify("audit.record", List.of("login"));
		JsonNode notification = this.peer.receiveJson();
		assertThat(notification.has("id")).isFalse();
		assertThat(notification.get("method").asString()).isEqualTo("audit.record");
		assertThat(notification.get("params").toString()).isEqualTo("[\"login\"]");
	}

	@Test
	void cancellingACallSendsCancelRequestWithItsId() throws IOException {
		CompletableFuture<String> call = this.client.callAsync("slow", null, String.class);
		JsonNode request = this.peer.receiveJson();
		call.cancel(true);
		JsonNode cancel = this.peer.receiveJson();
		assertThat(cancel.has("id")).isFalse();
		assertThat(cancel.get("method").asString()).isEqualTo("$/cancelRequest");
		assertThat(cancel.get("params").get("id").asLong()).isEqualTo(request.get("id").asLong());
	}

	@Test
	void answersInAnyOrderAreMatchedById() throws IOException {
		CompletableFuture<String> first = this.client.callAsync("first", null, String.class);
		CompletableFuture<String> second = this.client.callAsync("second", null, String.class);
		CompletableFuture<String> third = this.client.callAsync("third", null, String.class);
		JsonNode firstRequest = this.peer.receiveJson();
		JsonNode secondRequest = this.peer.receiveJson();
		JsonNode thirdRequest = this.peer.receiveJson();
		answer(thirdRequest, "\"three\"");
		assertThat(third).succeedsWithin(WAIT).isEqualTo("three");
		assertThat(first).isNotDone();
		this.peer.send("[{\"jsonrpc\":\"2.0\",\"id\":" + secondRequest.get("id") + ",\"result\":\"two\"},"
				+ "{\"jsonrpc\":\"2.0\",\"id\":" + firstRequest.get("id") + ",\"result\":\"one\"}]");
		assertThat(first).succeedsWithin(WAIT).isEqualTo("one");
		assertThat(second).succeedsWithin(WAIT).isEqualTo("two");
	}

	@Test
	void answersToUnknownIdsAndFramesThatAreNotJsonAreIgnored() throws IOException {
		CompletableFuture<String> call = this.client.callAsync("status", null, String.class);
		JsonNode request = this.peer.receiveJson();
		this.peer.send("{\"jsonrpc\":\"2.0\",\"id\":99999,\"result\":\"not yours\"}");
		this.peer.send("{\"jsonrpc\":\"2.0\",\"id\":\"text-id\",\"result\":\"not yours either\"}");
		this.peer.send("this is not JSON");
		answer(request, "\"yours\"");
		assertThat(call).succeedsWithin(WAIT).isEqualTo("yours");
		assertThat(this.client.isConnected()).isTrue();
	}

	@Test
	void serverUnavailableErrorWithoutIdFailsEveryPendingCall() throws IOException {
		CompletableFuture<String> first = this.client.callAsync("first", null, String.class);
		CompletableFuture<String> second = this.client.callAsync("second", null, String.class);
		this.peer.receiveJson();
		this.peer.receiveJson();
		this.peer.send("{\"jsonrpc\":\"2.0\",\"id\":null,"
				+ "\"error\":{\"code\":-32000,\"message\":\"Server unavailable\"}}");
		for (CompletableFuture<String> call : List.of(first, second)) {
			assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOfSatisfying(JsonRpcException.class,
						(ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.SERVER_UNAVAILABLE));
		}
	}

	@Test
	void otherErrorWithoutIdFailsNoCall() throws IOException {
		CompletableFuture<String> call = this.client.callAsync("status", null, String.class);
		JsonNode request = this.peer.receiveJson();
		this.peer.send("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
		answer(request, "\"fine\"");
		assertThat(call).succeedsWithin(WAIT).isEqualTo("fine");
	}

	@Test
	void peerThatClosesFailsPendingCallsWithPipeClosedException() throws IOException {
		CompletableFuture<String> call = this.client.callAsync("status", null, String.class);
		this.peer.receiveJson();
		this.peer.close();
		assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(PipeClosedException.class);
	}

}
