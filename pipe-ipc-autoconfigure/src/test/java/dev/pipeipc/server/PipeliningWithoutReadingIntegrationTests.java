package dev.pipeipc.server;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that pipelines requests and never reads its replies is held to the per-connection
 * budget of unsent replies: once more than 4 MiB of replies wait for it, the server stops reading
 * from it, so what the client gets through is bounded by that, one request in progress, and the
 * two sockets' buffers. Its requests are not lost: once it reads, every reply arrives.
 */
class PipeliningWithoutReadingIntegrationTests {

	private static final int PAYLOAD = 32 * 1024;

	@TempDir
	Path directory;

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	@Test
	void clientThatNeverReadsIsHeldToTheUnsentReplyBudgetAndLaterGetsEveryReply() throws Exception {
		Path socket = this.directory.resolve("pipelining.sock");
		TestPipeServer server = this.resources.add(TestPipeServer.on(socket).maxPendingRequests(1).start());
		SocketChannel channel = this.resources.add(SocketChannel.open(StandardProtocolFamily.UNIX));
		channel.connect(UnixDomainSocketAddress.of(socket));
		channel.configureBlocking(false);
		String text = "x".repeat(PAYLOAD);
		AtomicLong written = new AtomicLong();
		long[] requests = { 0 };
		long[] previous = { -1 };
		ByteBuffer[] pending = { null };
		// Write until the server stops taking bytes: no progress over two polls half a second apart.
		Awaitility.await("the server stops reading").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				while (true) {
					if (pending[0] == null || !pending[0].hasRemaining()) {
						requests[0]++;
						pending[0] = ByteBuffer.wrap(PipeTestClient.frame(Framing.CONTENT_LENGTH,
								PipeTestClient.request(requests[0], "echo", "[\"" + text + "\"]")));
					}
					int n = channel.write(pending[0]);
					written.addAndGet(n);
					if (n == 0) {
						break;
					}
				}
				boolean stalled = written.get() == previous[0];
				previous[0] = written.get();
				return stalled;
			});
		long sendBuffer = channel.getOption(java.net.StandardSocketOptions.SO_SNDBUF);
		// The unsent replies over 4 MiB by at most one reply, the request in progress, and what the
		// two sockets hold.
		long bound = 4L * 1024 * 1024 + 2L * (PAYLOAD + 200) + 4 * sendBuffer + 1024 * 1024;
		System.out.println("Pipelining without reading: " + written.get() + " bytes taken, bound " + bound);
		assertThat(written.get()).isLessThanOrEqualTo(bound);
		long complete = requests[0] - 1;
		channel.configureBlocking(true);
		try (PipeTestClient client = PipeTestClient.over(channel, Framing.CONTENT_LENGTH)) {
			// Pipelined requests run concurrently, so their replies may come in any order.
			Set<Long> answered = new TreeSet<>();
			for (long i = 1; i <= complete; i++) {
				JsonNode reply = client.receiveJson();
				assertThat(reply.get("result").asString()).hasSize(PAYLOAD);
				answered.add(reply.get("id").asLong());
			}
			assertThat(answered).hasSize((int) complete).allMatch((id) -> id >= 1 && id <= complete);
		}
		assertThat(server.server().isFailed()).isFalse();
		server.assertServesNewConnections();
	}

}
