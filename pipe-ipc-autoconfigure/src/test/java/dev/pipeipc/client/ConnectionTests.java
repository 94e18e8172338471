package dev.pipeipc.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcMethods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Connection} over a {@link FakeClientChannel}: the calls it carries, and how it ends:
 * closed by the client (fail, then cancel, then close), lost, or broken while writing.
 */
class ConnectionTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final FakeClientChannel channel = new FakeClientChannel();

	private final NotificationListeners listeners = new NotificationListeners("conn");

	private final RequestEncoder encoder = new RequestEncoder("conn", mapper, Framing.CONTENT_LENGTH, 1 << 20);

	private final Connection connection = new Connection("conn", this.channel,
			Framing.CONTENT_LENGTH.newDecoder(1 << 20), this.encoder,
			new ResponseRouter("conn", mapper, this.listeners));

	@AfterEach
	void close() {
		this.connection.close(new PipeClosedException("test over"));
		this.listeners.close();
	}

	private PendingCall<String> send(long id) {
		PendingCall<String> call = new PendingCall<>(id, "hold", mapper.constructType(String.class));
		this.connection.send(call, this.encoder.call(id, "hold", null));
		return call;
	}

	@Test
	void sentCallIsWrittenAndCompletedByItsAnswer() throws InterruptedException {
		this.connection.start();
		PendingCall<String> call = send(1);
		assertThat(mapper.readTree(this.channel.nextWritten()).get("method").asString()).isEqualTo("hold");
		this.channel.push("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"done\"}");
		assertThat(call.future()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("done");
	}

	@Test
	void closingFailsTheCallsBeforeWritingACancelForEach() throws InterruptedException {
		PendingCall<String> first = send(1);
		PendingCall<String> second = send(2);
		this.channel.nextWritten();
		this.channel.nextWritten();
		List<Boolean> callsDoneAtEachCancel = new CopyOnWriteArrayList<>();
		this.channel.onWrite((json) -> callsDoneAtEachCancel.add(first.future().isDone() && second.future().isDone()));
		this.connection.close(new PipeClosedException("Client of pipe 'conn' was closed"));
		assertThat(callsDoneAtEachCancel).containsExactly(true, true);
		List<Long> cancelled = List.of(cancelledId(this.channel.nextWritten()), cancelledId(this.channel.nextWritten()));
		assertThat(cancelled).containsExactlyInAnyOrder(1L, 2L);
		assertThat(this.channel.closed.getCount()).isZero();
		assertThatThrownBy(() -> first.future().get()).cause()
			.isInstanceOf(PipeClosedException.class)
			.hasMessage("Client of pipe 'conn' was closed");
		assertThat(this.connection.isOpen()).isFalse();
	}

	private static long cancelledId(String json) {
		JsonNode cancel = mapper.readTree(json);
		assertThat(cancel.get("method").asString()).isEqualTo(JsonRpcMethods.CANCEL_REQUEST);
		return cancel.get("params").get("id").asLong();
	}

	@Test
	void secondCloseWritesNothing() throws InterruptedException {
		send(1);
		this.channel.nextWritten();
		this.connection.close(new PipeClosedException("closed"));
		this.channel.nextWritten();
		this.connection.close(new PipeClosedException("closed again"));
		assertThat(this.channel.nothingWritten()).isTrue();
	}

	@Test
	void serverClosingTheConnectionFailsItsCallsWithoutCancels() throws InterruptedException {
		this.connection.start();
		PendingCall<String> call = send(1);
		this.channel.nextWritten();
		this.channel.end();
		assertThat(call.future()).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeClosedException.class)
			.withMessageContaining("Connection to pipe 'conn' was closed by the server");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.channel.closed.getCount() == 0);
		assertThat(this.channel.nothingWritten()).isTrue();
		assertThat(this.connection.isOpen()).isFalse();
	}

	@Test
	void writeThatFailsLosesTheConnectionAndItsCalls() throws InterruptedException {
		PendingCall<String> waiting = send(1);
		this.channel.nextWritten();
		this.channel.writeFailure = new IOException("Broken pipe");
		assertThatExceptionOfType(PipeClosedException.class)
			.isThrownBy(() -> this.connection.write(this.encoder.notification("audit", Map.of())))
			.withMessage("Connection to pipe 'conn' broke while sending");
		assertThatThrownBy(() -> waiting.future().get()).cause()
			.isInstanceOf(PipeClosedException.class)
			.hasMessageContaining("broke: Broken pipe");
		assertThat(this.connection.isOpen()).isFalse();
	}

	@Test
	void callCancelledByItsCallerIsForgottenAndCancelledOnTheServer() throws InterruptedException {
		PendingCall<String> call = send(7);
		this.channel.nextWritten();
		call.future().cancel(true);
		assertThat(cancelledId(this.channel.nextWritten())).isEqualTo(7);
		assertThat(this.connection.calls().size()).isZero();
	}

	@Test
	void callAnsweredNormallySendsNoCancel() throws InterruptedException {
		this.connection.start();
		PendingCall<String> call = send(1);
		this.channel.nextWritten();
		this.channel.push("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1,\"message\":\"no\"}}");
		assertThat(call.future()).failsWithin(Duration.ofSeconds(10));
		send(2);
		assertThat(mapper.readTree(this.channel.nextWritten()).get("id").asLong()).as("no cancel before it").isEqualTo(2);
	}

}
