package dev.pipeipc.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.transport.PipeInUseException;
import dev.pipeipc.transport.PipeTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What every transport must do for a pipe server, written once and run per transport by a
 * subclass: Unix domain sockets, and the Win32 named pipe transport (under Wine on Linux, through
 * JNA on Windows). Differences between the platforms are hooks here and are listed in the docs,
 * not hidden.
 */
public abstract class PipeTransportContractTests {

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	/**
	 * The transport under test; a new one per call is fine.
	 * @return the transport
	 */
	protected abstract PipeTransport transport();

	/**
	 * A fresh, unused address on this transport.
	 * @return the address
	 */
	protected abstract String newAddress();

	/**
	 * Connect a client to an address.
	 * @param address the address
	 * @param framing the framing the client speaks
	 * @return the connected client
	 * @throws IOException if the connection fails
	 */
	protected abstract PipeTestClient connect(String address, Framing framing) throws IOException;

	/**
	 * Check what a client beyond {@code maxConnections} gets on this platform, while
	 * {@code maxConnections} clients are connected.
	 * @param address the server's address
	 * @throws Exception on failure
	 */
	protected abstract void assertClientBeyondMaxInstancesIsRefused(String address) throws Exception;

	/**
	 * Check the peer identity the platform gives a handler.
	 * @param peer what {@code whoAmI} answered: {@code [user, processId]}
	 */
	protected abstract void assertPeerIdentity(JsonNode peer);

	protected TestPipeServer.Builder server(String address) {
		return TestPipeServer.on(address, transport()).handlers(new ContractHandlers());
	}

	protected TestPipeServer start(TestPipeServer.Builder builder) {
		return this.resources.add(builder.start());
	}

	protected PipeTestClient open(String address, Framing framing) throws IOException {
		return this.resources.add(connect(address, framing));
	}

	private static String call(PipeTestClient client, Object id, String method, String params) throws IOException {
		return client.call(PipeTestClient.request(id, method, params)).toString();
	}

	@ParameterizedTest
	@EnumSource(value = Framing.class, names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void requestIsAnsweredInEachStreamFraming(Framing framing) throws IOException {
		String address = newAddress();
		start(server(address).framing(framing));
		PipeTestClient client = open(address, framing);
		assertThat(call(client, 1, "echo", "[\"hello\"]")).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"hello\"}");
	}

	@Test
	void pipelinedRequestsAreAllAnsweredByIdOnOneConnection() throws IOException {
		String address = newAddress();
		start(server(address));
		PipeTestClient client = open(address, Framing.CONTENT_LENGTH);
		for (int i = 0; i < 50; i++) {
			client.send(PipeTestClient.request(i, "echo", "[" + i + "]"));
		}
		Set<Integer> ids = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			JsonNode reply = client.receiveJson();
			assertThat(reply.get("result").asInt()).isEqualTo(reply.get("id").asInt());
			ids.add(reply.get("id").asInt());
		}
		assertThat(ids).hasSize(50);
	}

	@Test
	void notificationIsNeverAnswered() throws IOException {
		String address = newAddress();
		start(server(address));
		PipeTestClient client = open(address, Framing.CONTENT_LENGTH);
		client.send(PipeTestClient.notification("echo", "[\"quiet\"]"));
		assertThat(call(client, 2, "echo", "[\"loud\"]")).contains("\"id\":2", "loud").doesNotContain("quiet");
	}

	@Test
	void messageLargerThanPipeBuffersArrivesIntact() throws IOException {
		String address = newAddress();
		start(server(address));
		PipeTestClient client = open(address, Framing.CONTENT_LENGTH);
		String large = "x".repeat(1024 * 1024);
		JsonNode reply = client.call(PipeTestClient.request(3, "echo", "[\"" + large + "\"]"));
		assertThat(reply.get("result").asString()).isEqualTo(large);
	}

	@Test
	void oversizeFrameIsRefusedAndTheConnectionStaysUsable() throws IOException {
		String address = newAddress();
		start(server(address).maxMessageSize(1024));
		PipeTestClient client = open(address, Framing.CONTENT_LENGTH);
		String body = PipeTestClient.request(4, "echo", "[\"" + "y".repeat(2000) + "\"]");
		assertThat(client.call(body).get("error").get("code").asInt()).isEqualTo(-32600);
		assertThat(call(client, 5, "echo", "[\"after\"]")).contains("after");
	}

	@Test
	void malformedHeaderClosesOnlyThatConnection() throws IOException {
		String address = newAddress();
		start(server(address));
		PipeTestClient other = open(address, Framing.CONTENT_LENGTH);
		PipeTestClient bad = open(address, Framing.CONTENT_LENGTH);
		bad.sendRaw("Content-Length: many\r\n\r\n{}");
		assertThat(bad.receiveJson().get("error").get("code").asInt()).isEqualTo(-32700);
		bad.awaitClose();
		assertThat(call(other, 6, "echo", "[\"fine\"]")).contains("fine");
	}

	@Test
	void halfSentFrameDoesNotBlockOtherClients() throws IOException {
		String address = newAddress();
		start(server(address));
		PipeTestClient staller = open(address, Framing.CONTENT_LENGTH);
		staller.sendRaw("Content-Length: 100\r\n\r\n{\"jsonrpc\"");
		PipeTestClient other = open(address, Framing.CONTENT_LENGTH);
		assertThat(call(other, 7, "echo", "[\"unblocked\"]")).contains("unblocked");
	}

	@Test
	void idleConnectionWithHalfSentFrameIsClosed() throws IOException {
		String address = newAddress();
		start(server(address).idleTimeout(Duration.ofMillis(300)));
		PipeTestClient staller = open(address, Framing.CONTENT_LENGTH);
		staller.sendRaw("Content-Length: 100\r\n\r\n{");
		staller.awaitClose();
	}

	@Test
	void clientThatVanishesMidRequestDoesNotBreakTheServer() throws Exception {
		String address = newAddress();
		TestPipeServer server = start(server(address));
		PipeTestClient vanishing = connect(address, Framing.CONTENT_LENGTH);
		vanishing.send(PipeTestClient.request(8, "sleep", "[200]"));
		vanishing.close();
		TestPipeServer.await("the abandoned request to finish", () -> server.server().getPendingRequests() == 0);
		assertThat(call(open(address, Framing.CONTENT_LENGTH), 9, "echo", "[\"alive\"]")).contains("alive");
	}

	@Test
	void stopAnswersTheRequestInProgressThenCloses() throws Exception {
		String address = newAddress();
		ContractHandlers handlers = new ContractHandlers();
		TestPipeServer server = start(TestPipeServer.on(address, transport()).handlers(handlers));
		PipeTestClient client = open(address, Framing.CONTENT_LENGTH);
		client.send(PipeTestClient.request(10, "sleep", "[300]"));
		assertThat(handlers.sleeping.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
		assertThat(client.receive()).contains("\"id\":10", "slept 300");
		client.awaitClose();
		stopped.get(10, TimeUnit.SECONDS);
	}

	@Test
	void requestSentWhileStoppingIsRefusedWithItsIdOrItsWriteFailsAndTheOneInProgressIsAnswered()
			throws Exception {
		String address = newAddress();
		ContractHandlers handlers = new ContractHandlers();
		TestPipeServer server = start(TestPipeServer.on(address, transport()).handlers(handlers));
		PipeTestClient client = open(address, Framing.CONTENT_LENGTH);
		client.send(PipeTestClient.request(10, "sleep", "[500]"));
		assertThat(handlers.sleeping.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
		TestPipeServer.await("the stop to begin", () -> !server.server().isAccepting());
		boolean written;
		try {
			client.send(PipeTestClient.request(11, "echo", "[\"late\"]"));
			written = true;
		}
		catch (IOException ex) {
			// The Unix transport shut its read side down: the late request is refused by the socket.
			written = false;
		}
		Map<Integer, JsonNode> replies = new HashMap<>();
		for (int i = 0; i < (written ? 2 : 1); i++) {
			JsonNode reply = client.receiveJson();
			replies.put(reply.get("id").asInt(), reply);
		}
		assertThat(replies.get(10).get("result").asString()).isEqualTo("slept 500");
		if (written) {
			assertThat(replies.get(11).get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.SERVER_UNAVAILABLE);
		}
		client.awaitClose();
		stopped.get(10, TimeUnit.SECONDS);
	}

	@Test
	void secondServerOnALiveAddressFailsAndTheFirstKeepsServing() throws IOException {
		String address = newAddress();
		start(server(address));
		TestPipeServer second = server(address).name("second").build();
		assertThatExceptionOfType(PipeServerStartException.class).isThrownBy(second::start)
			.withCauseInstanceOf(PipeInUseException.class)
			.withMessageContaining(address);
		assertThat(call(open(address, Framing.CONTENT_LENGTH), 11, "echo", "[\"first\"]")).contains("first");
	}

	@Test
	void addressIsFreeAgainAfterStop() throws IOException {
		String address = newAddress();
		TestPipeServer first = start(server(address));
		first.stop();
		start(server(address).name("successor"));
		assertThat(call(open(address, Framing.CONTENT_LENGTH), 12, "echo", "[\"next\"]")).contains("next");
	}

	@Test
	void clientBeyondMaxInstancesIsRefused() throws Exception {
		String address = newAddress();
		start(server(address).maxConnections(2));
		PipeTestClient first = open(address, Framing.CONTENT_LENGTH);
		PipeTestClient second = open(address, Framing.CONTENT_LENGTH);
		assertThat(call(first, 13, "echo", "[1]")).contains("\"result\":1");
		assertThat(call(second, 14, "echo", "[2]")).contains("\"result\":2");
		assertClientBeyondMaxInstancesIsRefused(address);
		second.close();
		Awaitility.await("the freed instance serves a new client").atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptionsInstanceOf(IOException.class)
			.untilAsserted(() -> assertThat(call(open(address, Framing.CONTENT_LENGTH), 15, "echo", "[3]"))
				.contains("\"result\":3"));
	}

	@Test
	void handlerSeesThePeerIdentity() throws IOException {
		String address = newAddress();
		start(server(address));
		assertPeerIdentity(open(address, Framing.CONTENT_LENGTH).call(PipeTestClient.request(16, "whoAmI", "[]"))
			.get("result"));
	}

	/**
	 * A unique name for a pipe.
	 * @return the name
	 */
	protected static String uniqueName() {
		return "contract-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Handlers the contract uses besides {@code echo}.
	 */
	public static class ContractHandlers {

		final CountDownLatch sleeping = new CountDownLatch(1);

		@PipeHandler
		public String sleep(long millis) throws InterruptedException {
			this.sleeping.countDown();
			Thread.sleep(millis);
			return "slept " + millis;
		}

		@PipeHandler
		public List<Object> whoAmI(PipeSession session) {
			List<Object> identity = new ArrayList<>();
			identity.add(session.peer().map((peer) -> peer.user()).orElse(null));
			identity.add(session.peer().map((peer) -> peer.processId()).orElse(-1L));
			return identity;
		}

	}

}
