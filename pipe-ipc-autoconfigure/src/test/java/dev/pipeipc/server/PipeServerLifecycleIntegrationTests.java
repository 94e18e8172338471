package dev.pipeipc.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeAddressException;
import dev.pipeipc.transport.PipeInUseException;
import dev.pipeipc.transport.unix.UnixSocketTransport;

import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The server's lifecycle on a real socket file: owner-only permissions while running and removal
 * on stop, graceful stop that answers requests in progress in full, however large the answer (and
 * refuses new ones, each with its id)
 * before closing, idle connections closed on stop, restart, replacement of a stale socket file, refusal to steal a live server's socket, a file that
 * is not a socket left untouched, a socket file another server owns kept on stop, socket paths over
 * the platform limit, and creation of a missing owner-only parent directory.
 */
class PipeServerLifecycleIntegrationTests {

	private final LaterHandler handlers = new LaterHandler();

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private static boolean refusesConnections(Path socket) {
		try (PipeTestClient probe = PipeTestClient.connect(socket, Framing.CONTENT_LENGTH)) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private TestPipeServer.Builder server(Path socket) {
		return TestPipeServer.on(socket).name("life").handlers(this.handlers);
	}

	@Test
	void socketFileIsOwnerOnlyWhileRunningAndDeletedAfterStop() throws IOException {
		Path socket = this.resources.socket("life.sock");
		TestPipeServer server = this.resources.add(server(socket).start());
		assertThat(server.server().isRunning()).isTrue();
		assertThat(socket).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
		try (Stream<Path> files = Files.list(this.resources.directory())) {
			assertThat(files).as("no staging directory left behind").containsExactly(socket);
		}
		server.assertServesNewConnections();
		server.stop();
		assertThat(server.server().isRunning()).isFalse();
		assertThat(socket).doesNotExist();
		assertThatIOException().isThrownBy(() -> PipeTestClient.connect(socket, Framing.CONTENT_LENGTH));
	}

	@Test
	void stopWaitsForTheRequestInProgressAndItsAnswerArrivesBeforeClose() throws Exception {
		Path socket = this.resources.socket("life.sock");
		TestPipeServer server = this.resources.add(server(socket).start());
		PipeTestClient client = this.resources.add(server.connect());
		client.send(request("slow", "later", null));
		CompletableFuture<String> pending = this.handlers.next();
		CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
		TestPipeServer.await("the server stops accepting", () -> refusesConnections(socket));
		assertThat(stopping).as("stop waits for the request in progress").isNotDone();
		pending.complete("finished while stopping");
		assertThat(client.receiveJson().toString())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"result\":\"finished while stopping\"}");
		client.awaitClose();
		stopping.get(5, TimeUnit.SECONDS);
		assertThat(server.server().isRunning()).isFalse();
		assertThat(server.server().getPendingRequests()).isZero();
	}

	@Test
	void stopDeliversALargeAnswerInFullBeforeClosing() throws Exception {
		Path socket = this.resources.socket("life.sock");
		TestPipeServer server = this.resources.add(server(socket).start());
		PipeTestClient client = this.resources.add(server.connect());
		client.send(request("large", "later", null));
		CompletableFuture<String> pending = this.handlers.next();
		CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
		TestPipeServer.await("the server stops accepting", () -> refusesConnections(socket));
		// Far more than the socket buffer takes at once, so part of it is still queued when the
		// request counts as finished.
		String large = "z".repeat(8 * 1024 * 1024);
		pending.complete(large);
		JsonNode reply = client.receiveJson();
		assertThat(reply.get("id").asString()).isEqualTo("large");
		String result = reply.get("result").asString();
		assertThat(result.length()).isEqualTo(large.length());
		assertThat(result.equals(large)).as("answer delivered intact").isTrue();
		client.awaitClose();
		stopping.get(5, TimeUnit.SECONDS);
	}

	@Test
	void stopClosesAfterTheGracePeriodWhenARequestNeverFinishes() throws Exception {
		Path socket = this.resources.socket("life.sock");
		TestPipeServer server = this.resources.add(server(socket).with((settings) -> settings.shutdownGracePeriod(Duration.ofMillis(200)))
			.start());
		PipeTestClient client = this.resources.add(server.connect());
		client.send(request("stuck", "later", null));
		CompletableFuture<String> pending = this.handlers.next();
		long started = System.nanoTime();
		server.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("stop waits the grace period, not forever")
			.isGreaterThanOrEqualTo(Duration.ofMillis(200))
			.isLessThan(Duration.ofSeconds(5));
		assertThat(server.server().isRunning()).isFalse();
		assertThat(socket).doesNotExist();
		client.awaitClose();
	}

	@Test
	void drainEndingAfterARestartLeavesTheNewRunServing() throws Exception {
		Path socket = this.resources.socket("life.sock");
		StubbornHandler stubborn = new StubbornHandler();
		TestPipeServer server = this.resources.add(server(socket).handlers(stubborn)
			.with((settings) -> settings.shutdownGracePeriod(Duration.ofMillis(500)))
			.start());
		PipeTestClient client = this.resources.add(server.connect());
		client.send(request("stuck", "stubborn", null));
		assertThat(stubborn.running.await(5, TimeUnit.SECONDS)).isTrue();
		try {
			CountDownLatch drained = new CountDownLatch(1);
			server.server().shutDownGracefully(drained::countDown);
			server.server().close();
			server.start();
			assertThat(drained.await(5, TimeUnit.SECONDS)).as("the old run's drain ended").isTrue();
			assertThat(server.server().isRunning()).as("the new run still serves").isTrue();
			server.assertServesNewConnections();
		}
		finally {
			stubborn.release.countDown();
		}
	}

	@Test
	void requestsWaitingInTheSocketWhenTheServerStopsAreRefusedWithTheirIdsAndLaterWritesFail() throws Exception {
		Path socket = this.resources.socket("life.sock");
		TestPipeServer server = this.resources.add(server(socket).maxPendingRequests(1).start());
		PipeTestClient client = this.resources.add(server.connect());
		client.send(request(1, "later", null));
		CompletableFuture<String> pending = this.handlers.next();
		// One request in progress is the most this connection may have: the server reads no
		// further, so these wait in the socket when the server stops.
		client.send(PipeTestClient.notification("echo", "[\"not answered\"]"));
		client.send(request(2, "echo", "[\"too late\"]"));
		client.send(request(3, "echo", "[\"too late\"]"));
		CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
		List<Integer> refusedIds = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			JsonNode refusal = client.receiveJson();
			assertThat(refusal.get("error").get("code").asInt()).isEqualTo(-32000);
			refusedIds.add(refusal.get("id").asInt());
		}
		assertThat(refusedIds).as("each request refused with its own id, the notification not at all")
			.containsExactlyInAnyOrder(2, 3);
		// The refusals may arrive before the read side is shut: notifications (never answered)
		// probe for it until one fails.
		TestPipeServer.await("a write fails once the server shut its input down", () -> {
			try {
				client.send(PipeTestClient.notification("echo", "[\"probe\"]"));
				return false;
			}
			catch (IOException ex) {
				return true;
			}
		});
		assertThatIOException().as("a write once the server shut its input down")
			.isThrownBy(() -> client.send(request(4, "echo", "[\"after the cut-off\"]")));
		pending.complete("done");
		assertThat(client.receiveJson().get("result").asString()).isEqualTo("done");
		client.awaitClose();
		stopping.get(5, TimeUnit.SECONDS);
	}

	@Test
	void stopClosesIdleConnections() throws IOException {
		TestPipeServer server = this.resources.add(server(this.resources.socket("life.sock")).start());
		PipeTestClient idle = this.resources.add(server.connect());
		assertThat(idle.call(request(1, "echo", "[1]")).get("result").asInt()).isEqualTo(1);
		server.stop();
		idle.awaitClose();
	}

	@Test
	void serverCanBeStartedAgainAfterStop() throws IOException {
		Path socket = this.resources.socket("life.sock");
		TestPipeServer server = this.resources.add(server(socket).start());
		server.assertServesNewConnections();
		server.stop();
		assertThat(socket).doesNotExist();
		server.start();
		assertThat(server.server().isRunning()).isTrue();
		server.assertServesNewConnections();
	}

	@Test
	void staleSocketFileIsReplacedOnStart() throws IOException {
		Path socket = this.resources.socket("stale.sock");
		try (ServerSocketChannel previous = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			previous.bind(UnixDomainSocketAddress.of(socket));
		}
		assertThat(socket).as("closing a channel leaves its socket file behind").exists();
		TestPipeServer server = this.resources.add(server(socket).start());
		server.assertServesNewConnections();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
	}

	@Test
	void secondServerOnTheSamePathFailsAndTheFirstKeepsServing() throws IOException {
		Path socket = this.resources.socket("life.sock");
		TestPipeServer first = this.resources.add(server(socket).start());
		PipeTestClient connected = this.resources.add(first.connect());
		TestPipeServer second = this.resources.add(TestPipeServer.on(socket).name("intruder").build());
		assertThatExceptionOfType(PipeServerStartException.class).isThrownBy(second::start)
			.withCauseInstanceOf(PipeInUseException.class)
			.satisfies((ex) -> assertThat(ex.getAddress()).isEqualTo(socket.toString()));
		assertThat(second.server().isRunning()).isFalse();
		assertThat(socket).exists();
		assertThat(connected.call(request(1, "echo", "[\"first\"]")).get("result").asString()).isEqualTo("first");
		first.assertServesNewConnections();
	}

	@Test
	void fileThatIsNotASocketIsLeftUntouched() throws IOException {
		Path socket = this.resources.socket("life.sock");
		Files.writeString(socket, "precious");
		TestPipeServer server = this.resources.add(server(socket).build());
		assertThatExceptionOfType(PipeServerStartException.class).isThrownBy(server::start)
			.withCauseInstanceOf(PipeAddressException.class);
		assertThat(Files.readString(socket)).isEqualTo("precious");
	}

	@Test
	void stopKeepsASocketFileThatAnotherServerNowOwns() throws IOException {
		Path socket = this.resources.socket("life.sock");
		TestPipeServer first = this.resources.add(server(socket).start());
		Files.delete(socket);
		TestPipeServer second = this.resources.add(TestPipeServer.on(socket).name("successor").start());
		first.stop();
		assertThat(socket).exists();
		second.assertServesNewConnections();
	}

	@Test
	void pathOverThePlatformLimitFailsNamingTheLimit() {
		int limit = UnixSocketTransport.maxPathBytes();
		Path socket = this.resources.socket("a".repeat(limit - this.resources.directory().toString().length()) + ".sock");
		assertThat(socket.toString().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(limit);
		TestPipeServer server = this.resources.add(server(socket).build());
		assertThatExceptionOfType(PipeServerStartException.class).isThrownBy(server::start)
			.withCauseInstanceOf(PipeAddressException.class)
			.satisfies((ex) -> assertThat(ex.getCause().getMessage()).contains(limit + "-byte limit"));
		assertThat(socket).doesNotExist();
	}

	@Test
	void pathOfExactlyThePlatformLimitWorks() throws IOException {
		int limit = UnixSocketTransport.maxPathBytes();
		Path socket = this.resources.socket("b".repeat(limit - this.resources.directory().toString().length() - 1));
		assertThat(socket.toString().getBytes(StandardCharsets.UTF_8).length).isEqualTo(limit);
		TestPipeServer server = this.resources.add(server(socket).start());
		server.assertServesNewConnections();
	}

	@Test
	void missingParentDirectoryIsCreatedOwnerOnly() throws IOException {
		Path parent = this.resources.socket("run").resolve("pipes");
		Path socket = parent.resolve("life.sock");
		TestPipeServer server = this.resources.add(server(socket).start());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(parent))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
		server.assertServesNewConnections();
	}

	/**
	 * A handler that keeps its request in progress through interrupts until released.
	 */
	static class StubbornHandler {

		final CountDownLatch running = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@PipeHandler("stubborn")
		String stubborn() {
			this.running.countDown();
			boolean released = false;
			while (!released) {
				try {
					released = this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					// Ignores the close on purpose, as a handler that does not check would.
				}
			}
			return "released";
		}

	}

}
