package dev.pipeipc.transport.windows.wine;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;
import dev.pipeipc.transport.windows.NamedPipeSettings;
import dev.pipeipc.transport.windows.NamedPipeTransport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-connection budget of unsent replies on a Win32 pipe, under Wine: a client that pipelines
 * 32 KiB {@code echo} requests and never reads is held to 4 MiB of replies waiting for it (the
 * connection's reading thread waits past that), plus the request in progress and the two pipe
 * buffers; once it reads, every reply arrives. The Unix counterpart is
 * {@code PipeliningWithoutReadingIntegrationTests}.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs under Wine")
class NamedPipePipeliningWithoutReadingWineTests {

	@RegisterExtension
	static final WineBridges bridges = new WineBridges();

	private static final int PAYLOAD = 32 * 1024;

	@Test
	void clientThatNeverReadsIsHeldToTheUnsentReplyBudgetAndLaterGetsEveryReply() throws Exception {
		String address = "\\\\.\\pipe\\pipelining-" + UUID.randomUUID();
		NamedPipeTransport transport = new NamedPipeTransport(bridges.serverSide(), NamedPipeSettings.defaults());
		try (TestPipeServer server = TestPipeServer.on(address, transport).name("pipelining").maxPendingRequests(1)
			.start(); WinePipeClientChannel channel = WinePipeClientChannel.open(bridges.clientSide(), address)) {
			String text = "x".repeat(PAYLOAD);
			AtomicLong written = new AtomicLong();
			AtomicLong requests = new AtomicLong();
			AtomicBoolean writing = new AtomicBoolean(true);
			// Each write is one blocking WriteFile through the bridge: it waits once the server stops reading.
			Thread writer = new Thread(() -> {
				try {
					while (writing.get()) {
						long id = requests.get() + 1;
						byte[] frame = PipeTestClient.frame(Framing.CONTENT_LENGTH,
								PipeTestClient.request(id, "echo", "[\"" + text + "\"]"));
						channel.write(ByteBuffer.wrap(frame));
						requests.set(id);
						written.addAndGet(frame.length);
					}
				}
				catch (Exception ex) {
					// The channel was closed at the end of the test.
				}
			}, "pipelining-writer");
			writer.setDaemon(true);
			writer.start();
			long[] previous = { -1 };
			Awaitility.await("the server stops reading").atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(1000))
				.until(() -> {
					boolean stalled = written.get() == previous[0];
					previous[0] = written.get();
					return stalled;
				});
			writing.set(false);
			// The unsent replies over 4 MiB by at most one reply, the request in progress, and the
			// pipe's two buffers (64 KiB each).
			long bound = 4L * 1024 * 1024 + 2L * (PAYLOAD + 200) + 4L * NamedPipeSettings.DEFAULT_BUFFER_SIZE;
			System.out.println("Win32 pipelining without reading: " + written.get() + " bytes taken, bound " + bound);
			assertThat(written.get()).isLessThanOrEqualTo(bound);
			long complete = requests.get();
			PipeTestClient client = PipeTestClient.over(channel, Framing.CONTENT_LENGTH)
				.timeout(Duration.ofSeconds(30));
			Set<Long> answered = new TreeSet<>();
			for (long i = 1; i <= complete; i++) {
				JsonNode reply = client.receiveJson();
				assertThat(reply.get("result").asString()).hasSize(PAYLOAD);
				answered.add(reply.get("id").asLong());
			}
			assertThat(answered).hasSize((int) complete).allMatch((id) -> id >= 1 && id <= complete);
			assertThat(server.server().isFailed()).isFalse();
		}
	}

}
