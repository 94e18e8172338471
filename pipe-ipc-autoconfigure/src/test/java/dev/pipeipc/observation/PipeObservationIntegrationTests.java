package dev.pipeipc.observation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Observations of real calls over a Unix domain socket: a server and a {@link PipeClient}, each
 * with its Micrometer observer, report into one {@link TestObservationRegistry}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeObservationIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	final CloseAfterEach closeables = new CloseAfterEach();

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final StoppedObservations stopped = new StoppedObservations();

	@BeforeEach
	void recordStoppedObservations() {
		this.registry.observationConfig().observationHandler(this.stopped);
	}

	@Test
	void serverObservesASuccessfulCallWithEveryKey() {
		PipeClient client = client(startServer());
		assertThat(client.call("echo", List.of("hi"), String.class)).isEqualTo("hi");
		awaitObservations(PipeObservationDocumentation.SERVER_NAME, 1);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(PipeObservationDocumentation.SERVER_NAME)
			.that()
			.hasBeenStarted()
			.hasBeenStopped()
			.hasContextualNameEqualTo("echo")
			.hasLowCardinalityKeyValue("rpc.system.name", "jsonrpc")
			.hasLowCardinalityKeyValue("rpc.method", "echo")
			.hasLowCardinalityKeyValue("rpc.response.status_code", "0")
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasLowCardinalityKeyValue("network.transport", "unix")
			.hasLowCardinalityKeyValue("pipe.name", "observed")
			.hasHighCardinalityKeyValue("jsonrpc.request.id", "1")
			.hasHighCardinalityKeyValue("rpc.method_original", "echo")
			.hasHighCardinalityKeyValue("pipe.peer.user", System.getProperty("user.name"))
			// The kernel names the client process (this JVM) where the socket descriptor is readable.
			.hasHighCardinalityKeyValue("pipe.peer.process.id", Long.toString(ProcessHandle.current().pid()));
	}

	@Test
	void clientObservesItsCallWithEveryKey() {
		PipeClient client = client(startServer());
		client.call("echo", List.of("hi"), String.class);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(PipeObservationDocumentation.CLIENT_NAME)
			.that()
			.hasBeenStopped()
			.hasContextualNameEqualTo("echo")
			.hasLowCardinalityKeyValue("rpc.system.name", "jsonrpc")
			.hasLowCardinalityKeyValue("rpc.method", "echo")
			.hasLowCardinalityKeyValue("rpc.response.status_code", "0")
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasLowCardinalityKeyValue("network.transport", "unix")
			.hasLowCardinalityKeyValue("pipe.name", this.closeables.socket("observed.sock").toString())
			.hasHighCardinalityKeyValue("jsonrpc.request.id", "1");
	}

	@Test
	void unknownMethodIsTaggedOtherOnTheServerAndByItsNameOnTheClient() {
		PipeClient client = client(startServer());
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> client.call("made.up", null, String.class))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.METHOD_NOT_FOUND));
		awaitObservations(PipeObservationDocumentation.SERVER_NAME, 1);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(PipeObservationDocumentation.SERVER_NAME)
			.that()
			.hasLowCardinalityKeyValue("rpc.method", "_OTHER")
			.hasLowCardinalityKeyValue("rpc.response.status_code", "-32601")
			.hasLowCardinalityKeyValue("error.type", "-32601")
			.hasHighCardinalityKeyValue("rpc.method_original", "made.up");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(PipeObservationDocumentation.CLIENT_NAME)
			.that()
			.hasLowCardinalityKeyValue("rpc.method", "made.up")
			.hasLowCardinalityKeyValue("rpc.response.status_code", "-32601")
			.hasLowCardinalityKeyValue("error.type", "-32601")
			.hasError();
	}

	@Test
	void handlerErrorIsTaggedWithTheCodeTheClientGot() {
		PipeClient client = client(startServer());
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> client.call("refuse", null, String.class));
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> client.call("crash", null, String.class));
		awaitObservations(PipeObservationDocumentation.SERVER_NAME, 2);
		assertThat(this.stopped.named(PipeObservationDocumentation.SERVER_NAME))
			.map((context) -> StoppedObservations.values(context, "rpc.method", "rpc.response.status_code",
					"error.type"))
			.containsExactlyInAnyOrder("refuse -32042 -32042", "crash -32603 -32603");
	}

	@Test
	void notificationIsObservedWithoutAStatus() throws Exception {
		TestPipeServer server = startServer();
		PipeClient client = client(server);
		client.notify("echo", List.of("quiet"));
		awaitObservations(PipeObservationDocumentation.SERVER_NAME, 1);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(PipeObservationDocumentation.SERVER_NAME)
			.that()
			.hasLowCardinalityKeyValue("rpc.method", "echo")
			.hasLowCardinalityKeyValue("rpc.response.status_code", "none")
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasHighCardinalityKeyValue("jsonrpc.request.id", "none");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(PipeObservationDocumentation.CLIENT_NAME)
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("rpc.response.status_code", "none")
			.hasHighCardinalityKeyValue("jsonrpc.request.id", "none");
	}

	@Test
	void everyMemberOfABatchIsObserved() {
		PipeClient client = client(startServer());
		var batch = client.batch();
		var first = batch.call("echo", List.of(1), Integer.class);
		var second = batch.call("made.up", null, Integer.class);
		batch.send();
		assertThat(first.join()).isEqualTo(1);
		assertThat(second).failsWithin(WAIT);
		awaitObservations(PipeObservationDocumentation.SERVER_NAME, 2);
		awaitObservations(PipeObservationDocumentation.CLIENT_NAME, 2);
		assertThat(this.stopped.named(PipeObservationDocumentation.SERVER_NAME))
			.map((context) -> StoppedObservations.values(context, "rpc.response.status_code"))
			.containsExactlyInAnyOrder("0", "-32601");
	}

	@Test
	void rawRequestIsObservedWithoutAMethod() throws Exception {
		Path socket = this.closeables.socket("raw.sock");
		TestPipeServer server = TestPipeServer.on(socket)
			.name("raw")
			.raw(new Upper())
			.framing(Framing.LENGTH_PREFIX)
			.with((builder) -> builder.requestObserver(new ObservationPipeRequestObserver(this.registry)))
			.start();
		this.closeables.add(server);
		try (PipeTestClient client = PipeTestClient.connect(socket, Framing.LENGTH_PREFIX)) {
			client.sendRaw(PipeTestClient.frame(Framing.LENGTH_PREFIX, "abc"));
			assertThat(new String(client.receiveFrame(), StandardCharsets.UTF_8)).isEqualTo("ABC");
		}
		awaitObservations(PipeObservationDocumentation.SERVER_NAME, 1);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(PipeObservationDocumentation.SERVER_NAME)
			.that()
			.hasContextualNameEqualTo("raw")
			.hasLowCardinalityKeyValue("rpc.system.name", "raw")
			.hasLowCardinalityKeyValue("rpc.method", "none")
			.hasLowCardinalityKeyValue("rpc.response.status_code", "0")
			.hasLowCardinalityKeyValue("pipe.name", "raw");
	}

	@Test
	void rawHandlerFailureIsTaggedWithItsExceptionClass() throws Exception {
		Path socket = this.closeables.socket("raw.sock");
		TestPipeServer server = TestPipeServer.on(socket)
			.name("raw")
			.raw(new Failing())
			.framing(Framing.LENGTH_PREFIX)
			.with((builder) -> builder.requestObserver(new ObservationPipeRequestObserver(this.registry)))
			.start();
		this.closeables.add(server);
		try (PipeTestClient client = PipeTestClient.connect(socket, Framing.LENGTH_PREFIX)) {
			client.sendRaw(PipeTestClient.frame(Framing.LENGTH_PREFIX, "abc"));
			awaitObservations(PipeObservationDocumentation.SERVER_NAME, 1);
		}
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(PipeObservationDocumentation.SERVER_NAME)
			.that()
			.hasLowCardinalityKeyValue("rpc.response.status_code", "none")
			.hasLowCardinalityKeyValue("error.type", IllegalStateException.class.getName())
			.hasError();
	}

	@Test
	void serverWithoutObserverReportsNothing() {
		Path socket = this.closeables.socket("plain.sock");
		TestPipeServer server = this.closeables.add(TestPipeServer.on(socket).name("plain").start());
		PipeClient client = client(server);
		client.call("echo", List.of("hi"), String.class);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(PipeObservationDocumentation.SERVER_NAME, 0)
			.hasNumberOfObservationsWithNameEqualTo(PipeObservationDocumentation.CLIENT_NAME, 1);
	}

	private TestPipeServer startServer() {
		TestPipeServer server = TestPipeServer.on(this.closeables.socket("observed.sock"))
			.name("observed")
			.handlers(new Failures())
			.with((builder) -> builder.requestObserver(new ObservationPipeRequestObserver(this.registry)))
			.start();
		return this.closeables.add(server);
	}

	private PipeClient client(TestPipeServer server) {
		return this.closeables.add(PipeClient.builder(server.socket().toString())
			.callObserver(new ObservationPipeCallObserver(this.registry))
			.build());
	}

	private void awaitObservations(String name, int count) {
		this.stopped.await(name, count);
	}

	static class Failures {

		@PipeHandler("refuse")
		String refuse() {
			throw new JsonRpcException(-32042, "Not today");
		}

		@PipeHandler("crash")
		String crash() {
			throw new IllegalArgumentException("Broken");
		}

	}

	static class Upper {

		@PipeHandler
		byte[] upper(byte[] message) {
			return new String(message, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8);
		}

	}

	static class Failing {

		@PipeHandler
		byte[] fail(byte[] message) {
			throw new IllegalStateException("No");
		}

	}

}
