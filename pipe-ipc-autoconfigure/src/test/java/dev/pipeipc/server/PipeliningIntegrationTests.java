package dev.pipeipc.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipeConnectionListener;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipeListener;
import dev.pipeipc.transport.PipePeer;
import dev.pipeipc.transport.PipeTransport;
import dev.pipeipc.transport.unix.UnixSocketTransport;

import static dev.pipeipc.server.PipeTestClient.frame;
import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelining over one connection: a hundred requests sent back to back without reading (in every
 * framing, as separate writes and as one write) are all answered, each reply matching its request
 * by id whatever order the replies come in; and a small per-connection limit of requests in
 * progress pauses reading when reached and resumes it below, without losing any request.
 */
class PipeliningIntegrationTests {

	private static final int REQUESTS = 100;

	@TempDir
	Path directory;

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private final Handlers handlers = new Handlers();

	private PipeTestClient connect(TestPipeServer.Builder builder) throws IOException {
		TestPipeServer server = this.resources.add(builder.handlers(this.handlers).start());
		return this.resources.add(server.connect());
	}

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void hundredRequestsSentBackToBackAreAllAnswered(Framing framing) throws IOException {
		PipeTestClient client = connect(TestPipeServer.on(this.directory.resolve("pipelined.sock")).framing(framing));
		for (int id = 1; id <= REQUESTS; id++) {
			client.send(request(id, "echo", "[\"value-" + id + "\"]"));
		}
		assertAllAnswered(client);
	}

	@Test
	void hundredRequestsInOneWriteAreAllAnswered() throws IOException {
		PipeTestClient client = connect(TestPipeServer.on(this.directory.resolve("pipelined.sock")));
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (int id = 1; id <= REQUESTS; id++) {
			all.writeBytes(frame(Framing.CONTENT_LENGTH, request(id, "echo", "[\"value-" + id + "\"]")));
		}
		client.sendRaw(all.toByteArray());
		assertAllAnswered(client);
	}

	@Test
	void repliesOfHandlersWithDifferentDurationsAreMatchedById() throws IOException {
		PipeTestClient client = connect(TestPipeServer.on(this.directory.resolve("pipelined.sock")));
		for (int id = 1; id <= REQUESTS; id++) {
			client.send(request(id, "napThenEcho", "[" + (id % 4) + ",\"value-" + id + "\"]"));
		}
		assertAllAnswered(client);
	}

	@Test
	void smallLimitOfRequestsInProgressPausesReadingWithoutLosingRequests() throws Exception {
		Path socket = this.directory.resolve("pipelined.sock");
		PauseRecordingTransport transport = new PauseRecordingTransport();
		this.resources.add(TestPipeServer.on(socket.toString(), transport)
			.maxPendingRequests(4)
			.maxThreads(8)
			.handlers(this.handlers)
			.start());
		PipeTestClient client = this.resources.add(PipeTestClient.connect(socket, Framing.CONTENT_LENGTH));
		for (int id = 1; id <= 4; id++) {
			client.send(request("held-" + id, "hold", null));
		}
		assertThat(this.handlers.holding.await(5, TimeUnit.SECONDS)).as("four requests in progress").isTrue();
		assertThat(transport.pauses).as("reading paused at the limit").containsExactly(true);
		for (int id = 1; id <= REQUESTS; id++) {
			client.send(request(id, "napThenEcho", "[" + (id % 3) + ",\"value-" + id + "\"]"));
		}
		this.handlers.release.countDown();
		Map<Integer, String> results = new HashMap<>();
		for (int i = 0; i < REQUESTS + 4; i++) {
			JsonNode reply = client.receiveJson();
			if (reply.get("id").isInt()) {
				assertThat(results.put(reply.get("id").asInt(), reply.get("result").asString()))
					.as("one reply per id, got a second one: %s", reply)
					.isNull();
			}
		}
		assertThat(results).isEqualTo(expectedResults());
		assertThat(transport.pauses).as("reading resumed below the limit").startsWith(true, false).endsWith(false);
	}

	private static void assertAllAnswered(PipeTestClient client) throws IOException {
		Map<Integer, String> results = new HashMap<>();
		for (int i = 0; i < REQUESTS; i++) {
			JsonNode reply = client.receiveJson();
			assertThat(results.put(reply.get("id").asInt(), reply.get("result").asString()))
				.as("one reply per id, got a second one: %s", reply)
				.isNull();
		}
		assertThat(results).isEqualTo(expectedResults());
	}

	private static Map<Integer, String> expectedResults() {
		return IntStream.rangeClosed(1, REQUESTS).boxed().collect(Collectors.toMap((id) -> id, (id) -> "value-" + id));
	}

	static class Handlers {

		final CountDownLatch holding = new CountDownLatch(4);

		final CountDownLatch release = new CountDownLatch(1);

		@PipeHandler("hold")
		String hold() throws InterruptedException {
			this.holding.countDown();
			this.release.await();
			return "released";
		}

		@PipeHandler("napThenEcho")
		String napThenEcho(int millis, String value) throws InterruptedException {
			// Handlers of different durations so replies leave in another order than requests came.
			Thread.sleep(millis);
			return value;
		}

	}

	/**
	 * Unix domain sockets, recording every pause and resume of reading a server asks for.
	 */
	static final class PauseRecordingTransport implements PipeTransport {

		final List<Boolean> pauses = new CopyOnWriteArrayList<>();

		private final UnixSocketTransport delegate = new UnixSocketTransport();

		@Override
		public PipeListener listen(PipeListenOptions options, PipeConnectionListener listener) throws IOException {
			return this.delegate.listen(options, new PipeConnectionListener() {

				@Override
				public PipeConnectionHandler connected(PipeConnection connection) {
					return listener.connected(new PauseRecordingConnection(connection));
				}

				@Override
				public void refused(PipeConnection connection) {
					listener.refused(connection);
				}

			});
		}

		private final class PauseRecordingConnection implements PipeConnection {

			private final PipeConnection connection;

			PauseRecordingConnection(PipeConnection connection) {
				this.connection = connection;
			}

			@Override
			public void pauseReading(boolean paused) {
				PauseRecordingTransport.this.pauses.add(paused);
				this.connection.pauseReading(paused);
			}

			@Override
			public long id() {
				return this.connection.id();
			}

			@Override
			public @Nullable PipePeer peer() {
				return this.connection.peer();
			}

			@Override
			public void write(ByteBuffer... buffers) {
				this.connection.write(buffers);
			}

			@Override
			public void closeAfterWrites() {
				this.connection.closeAfterWrites();
			}

			@Override
			public void close() {
				this.connection.close();
			}

			@Override
			public boolean executeInline(Runnable task) {
				return this.connection.executeInline(task);
			}

			@Override
			public boolean isOpen() {
				return this.connection.isOpen();
			}

		}

	}

}
