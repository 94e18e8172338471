package dev.pipeipc.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the {@link PipeClient} puts on a real Unix domain socket and how it reads what comes back,
 * against a hand-driven peer (a {@link PipeTestClient} over the accepted connection, so each byte
 * is the test's choice): a request as a JSON-RPC 2.0 object with a numeric id, each call with its
 * own id, {@code $/cancelRequest} with the id of a cancelled call, answers in any order or inside a
 * batch array matched by id, and a peer that closes failing pending calls. The request shapes and
 * the routing rules themselves are unit-tested without a socket ({@link RequestEncoderTests},
 * {@link ResponseRouterTests}).
 */
class PipeClientWireTests extends SocketClientTestSupport {

	private PipeClient client;

	private PipeTestClient peer;

	@BeforeEach
	void connect() throws IOException {
		Path socket = this.directory.resolve("wire.sock");
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.closeables.add(server);
		server.bind(UnixDomainSocketAddress.of(socket));
		this.client = PipeClient.builder(socket.toString()).build();
		this.closeables.add(this.client);
		this.client.connect();
		SocketChannel accepted = server.accept();
		this.peer = PipeTestClient.over(accepted, Framing.CONTENT_LENGTH);
		this.closeables.add(this.peer);
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
	void peerThatClosesFailsPendingCallsWithPipeClosedException() throws IOException {
		CompletableFuture<String> call = this.client.callAsync("status", null, String.class);
		this.peer.receiveJson();
		this.peer.close();
		assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(PipeClosedException.class);
	}

}
