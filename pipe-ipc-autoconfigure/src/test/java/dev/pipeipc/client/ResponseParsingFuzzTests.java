package dev.pipeipc.client;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.codec.FrameError;
import dev.pipeipc.codec.FrameSink;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.transport.ClientChannel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the client's reading of what a server sends ({@link ChannelReader}, {@link ResponseRouter},
 * {@link PendingCalls}) with a hostile server: three calls wait while the server's side of the
 * stream is arbitrary bytes, cut into reads of arbitrary sizes, in any stream framing. Whatever
 * arrives:
 * <ul>
 * <li>nothing escapes the reader thread: when reading ends, it is through the end of the stream or
 * an unreadable frame, never an exception from routing;</li>
 * <li>no call completes with an answer that was not for its id: a result must be the
 * {@code result} of a response carrying exactly that id, an error must be the {@code error} of such
 * a response or {@code -32000} sent for no particular call;</li>
 * <li>no caller hangs: once the stream ends every call is completed at once, and while it stays
 * open every call is completed by its request timeout.</li>
 * </ul>
 * The responses each call may take are worked out here by decoding the same bytes independently. A
 * plain build replays the seed corpus in {@code ResponseParsingFuzzTestsInputs/<method>} under the
 * test resources; {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md). The first bytes of an input
 * choose the framing, whether the stream ends and the largest read; the rest is what the server
 * sends.
 */
class ResponseParsingFuzzTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Framing[] STREAM_FRAMINGS = { Framing.CONTENT_LENGTH, Framing.LENGTH_PREFIX,
			Framing.NEWLINE };

	private static final int MAX_MESSAGE_SIZE = 4096;

	private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(20);

	private static final long COMPLETION_SLACK_SECONDS = 5;

	private static final List<String> METHODS = List.of("first", "second", "third");

	@FuzzTest(maxDuration = "5m")
	@Timeout(20)
	void hostileServerBytesCompleteOnlyTheirOwnCalls(FuzzedDataProvider data) throws Exception {
		Framing framing = data.pickValue(STREAM_FRAMINGS);
		boolean streamEnds = data.consumeBoolean();
		int maxSlice = data.consumeInt(1, 256);
		byte[] stream = data.consumeRemainingAsBytes();
		HostileServerChannel channel = new HostileServerChannel(framing);
		PipeClient.Builder builder = PipeClient.builder("fuzz")
			.framing(framing)
			.maxMessageSize(MAX_MESSAGE_SIZE)
			.connectTimeout(Duration.ofSeconds(5))
			.connector((deadline) -> channel);
		if (!streamEnds) {
			builder.requestTimeout(REQUEST_TIMEOUT);
		}
		try (PipeClient client = builder.build()) {
			client.onNotification("note", (params) -> {
			});
			Map<String, CompletableFuture<JsonNode>> calls = new HashMap<>();
			for (String method : METHODS) {
				CompletableFuture<JsonNode> call = client.callAsync(method, null, JsonNode.class);
				call.whenComplete((result, failure) -> channel.settled(method));
				calls.put(method, call);
			}
			channel.awaitSettled();
			channel.send(stream, maxSlice);
			if (streamEnds) {
				channel.end();
			}
			Responses responses = Responses.decode(framing, stream, streamEnds);
			for (String method : METHODS) {
				Long id = channel.idOf(method);
				if (id != null) {
					assertCompletedWithItsOwnAnswer(method, id, calls.get(method), responses);
				}
				else {
					assertThat(calls.get(method)).as("call '%s', timed out before it was written", method)
						.failsWithin(Duration.ZERO)
						.withThrowableOfType(ExecutionException.class)
						.withCauseInstanceOf(PipeTimeoutException.class);
				}
			}
		}
	}

	private static void assertCompletedWithItsOwnAnswer(String method, long id, CompletableFuture<JsonNode> call,
			Responses responses) throws InterruptedException {
		JsonNode result;
		try {
			result = call.get(REQUEST_TIMEOUT.toMillis() + TimeUnit.SECONDS.toMillis(COMPLETION_SLACK_SECONDS),
					TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Call '" + method + "' (id " + id + ") still waits after the stream ended or its "
					+ "request timeout passed");
		}
		catch (ExecutionException ex) {
			Throwable failure = ex.getCause();
			if (failure instanceof JsonRpcException error) {
				assertThat(responses.errorsFor(id, error.getCode())).as("call %d failed with error %d: %s", id,
						error.getCode(), error.getMessage()).isTrue();
			}
			else if (failure instanceof PipeClosedException closed) {
				assertThat(closed.getCause()).as("what ended reading, for call %d", id)
					.satisfiesAnyOf((cause) -> assertThat(cause).isNull(),
							(cause) -> assertThat(cause).isInstanceOf(IOException.class));
			}
			else if (failure instanceof PipeTimeoutException) {
				assertThat(responses.streamEnds()).as("call %d timed out although the stream ended", id).isFalse();
			}
			else {
				assertThat(failure).as("how call %d failed", id).isInstanceOf(PipeClientException.class);
				assertThat(responses.errorsFor(id)).as("call %d failed with %s", id, failure.getMessage()).isTrue();
			}
			return;
		}
		assertThat(responses.resultsFor(id)).as("results sent for id %d", id).contains(result);
	}

	/**
	 * What the server sent, decoded independently of the client: every response object (alone or
	 * in a batch array) of every frame before the first frame error.
	 */
	private record Responses(List<JsonNode> objects, boolean streamEnds) {

		static Responses decode(Framing framing, byte[] stream, boolean streamEnds) {
			List<JsonNode> objects = new ArrayList<>();
			framing.newDecoder(MAX_MESSAGE_SIZE).decode(ByteBuffer.wrap(stream), new FrameSink() {

				private boolean broken;

				@Override
				public void onFrame(byte[] message) {
					if (this.broken) {
						return;
					}
					try {
						JsonNode root = json.readTree(message);
						if (root != null && root.isArray()) {
							root.forEach(objects::add);
						}
						else if (root != null) {
							objects.add(root);
						}
					}
					catch (JacksonException ex) {
						// Not JSON: the client ignores it too.
					}
				}

				@Override
				public void onFrameError(FrameError error) {
					this.broken |= error.fatal();
				}

			});
			return new Responses(objects, streamEnds);
		}

		List<JsonNode> resultsFor(long id) {
			return this.objects.stream()
				.filter((object) -> hasId(object, id) && !object.has("error"))
				.map((object) -> object.path("result"))
				.toList();
		}

		/** Whether an error, well-formed or not, was sent for the id. */
		boolean errorsFor(long id) {
			return this.objects.stream().anyMatch((object) -> hasId(object, id) && object.has("error"));
		}

		boolean errorsFor(long id, int code) {
			return this.objects.stream()
				.anyMatch((object) -> (hasId(object, id) && object.has("error"))
						|| (isUnaddressed(object) && code == JsonRpcErrorCodes.SERVER_UNAVAILABLE
								&& object.path("error").path("code").asInt(0) == code));
		}

		private static boolean hasId(JsonNode object, long id) {
			JsonNode value = object.get("id");
			return value != null && value.isIntegralNumber() && value.bigIntegerValue().equals(BigInteger.valueOf(id));
		}

		private static boolean isUnaddressed(JsonNode object) {
			JsonNode value = object.get("id");
			return value == null || value.isNull();
		}

	}

	/**
	 * The client's end of a connection to a hostile server: reads hand out what the test sends, in
	 * slices; writes are decoded to learn the ids of the calls.
	 */
	private static final class HostileServerChannel implements ClientChannel {

		private static final ByteBuffer END = ByteBuffer.allocate(0);

		private final BlockingQueue<ByteBuffer> incoming = new LinkedBlockingQueue<>();

		private final Map<String, Long> ids = new HashMap<>();

		private final Map<String, CountDownLatch> settled = new HashMap<>();

		private final Framing framing;

		private final dev.pipeipc.codec.FrameDecoder writes;

		HostileServerChannel(Framing framing) {
			this.framing = framing;
			this.writes = framing.newDecoder(Integer.MAX_VALUE);
			METHODS.forEach((method) -> this.settled.put(method, new CountDownLatch(1)));
		}

		void send(byte[] stream, int maxSlice) {
			Random slices = new Random(maxSlice);
			int position = 0;
			while (position < stream.length) {
				int length = Math.min(stream.length - position, 1 + slices.nextInt(maxSlice));
				this.incoming.add(ByteBuffer.wrap(stream, position, length));
				position += length;
			}
		}

		void end() {
			this.incoming.add(END);
		}

		/**
		 * A call was written, or completed before it could be (its request timeout passed while
		 * connecting).
		 */
		void settled(String method) {
			this.settled.get(method).countDown();
		}

		void awaitSettled() throws InterruptedException {
			for (String method : METHODS) {
				assertThat(this.settled.get(method).await(5, TimeUnit.SECONDS)).as("call '%s' written or completed",
						method).isTrue();
			}
		}

		synchronized @Nullable Long idOf(String method) {
			return this.ids.get(method);
		}

		@Override
		public @Nullable ByteBuffer read() throws IOException {
			ByteBuffer next;
			try {
				next = this.incoming.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
			if (next == END) {
				this.incoming.add(END);
				return null;
			}
			return next;
		}

		@Override
		public synchronized void write(ByteBuffer[] buffers) {
			for (ByteBuffer buffer : buffers) {
				this.writes.decode(buffer, new FrameSink() {

					@Override
					public void onFrame(byte[] message) {
						JsonNode request = json.readTree(message);
						if (request.has("id") && METHODS.contains(request.path("method").asString(""))) {
							String method = request.get("method").asString();
							HostileServerChannel.this.ids.put(method, request.get("id").asLong());
							settled(method);
						}
					}

					@Override
					public void onFrameError(FrameError error) {
						throw new IllegalStateException("The client wrote an unreadable " + framing() + " frame: "
								+ error.message());
					}

				});
			}
		}

		private Framing framing() {
			return this.framing;
		}

		@Override
		public void close() {
			end();
		}

	}

}
