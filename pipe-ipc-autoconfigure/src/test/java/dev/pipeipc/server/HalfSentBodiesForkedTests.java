package dev.pipeipc.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The half-sent-bodies attack against a server in a JVM of its own with a 256 MiB heap: 24
 * connections each announce a 16 MiB body and send 15 MiB of it. Without a budget their buffers
 * took the heap and the {@code OutOfMemoryError} ended the I/O thread; now, past the memory budget
 * (a quarter of the heap), reading pauses on the connections that want more, the server stays
 * healthy and serves other clients, and the bodies' memory is given back when the senders go.
 * More attackers by hand: {@code -Dpipe.attackers=32}; the server without a useful budget:
 * {@code -Dpipe.memory-budget=1099511627776}.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class HalfSentBodiesForkedTests {

	private static final int BODY = 16 * 1024 * 1024;

	private static final int SENT = 15 * 1024 * 1024;

	@TempDir
	Path directory;

	@Test
	void twentyFourHalfSentBodiesCannotExhaustA256MiBHeap() throws Exception {
		int attackers = Integer.getInteger("pipe.attackers", 24);
		Path socket = this.directory.resolve("half-sent.sock");
		Path log = this.directory.resolve("server.log");
		// -Dpipe.memory-budget=<bytes> is handed on, to watch the server without a useful budget.
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-Dpipe.memory-budget=" + Long.getLong("pipe.memory-budget", -1), "-cp",
				System.getProperty("java.class.path"), HalfSentBodiesServer.class.getName(), socket.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		List<SocketChannel> channels = new ArrayList<>();
		AtomicLong written = new AtomicLong();
		try {
			Awaitility.await("the server listens").atMost(Duration.ofSeconds(60))
				.until(() -> Files.exists(socket) || !process.isAlive());
			assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
			for (int i = 0; i < attackers; i++) {
				SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
				channel.connect(UnixDomainSocketAddress.of(socket));
				channels.add(channel);
				Thread sender = new Thread(() -> sendMostOfABody(channel, written), "attacker-" + i);
				sender.setDaemon(true);
				sender.start();
			}
			// Until every byte is sent or the server stops reading: what it holds no longer grows.
			long[] last = { -1 };
			Awaitility.await("the attack reaches its peak").atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					long now = written.get();
					boolean still = now == last[0];
					last[0] = now;
					return now == (long) attackers * SENT || still;
				});
			JsonNode status = status(socket);
			System.out.println("Half-sent bodies, " + attackers + " attackers, " + written.get() + " bytes sent: "
					+ status);
			assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
			assertThat(status.get("failed").asBoolean()).as(Files.readString(log)).isFalse();
			long budget = status.get("memoryBudget").asLong();
			assertThat(status.get("memoryInUse").asLong()).as("bodies held, with a budget of " + budget)
				.isLessThanOrEqualTo(budget + BODY + attackers * 64L * 1024);
			assertThat(written.get()).as("bytes the attackers got through").isLessThan((long) attackers * SENT);
			assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
		}
		finally {
			for (SocketChannel channel : channels) {
				channel.close();
			}
		}
		try {
			Awaitility.await("the bodies' memory is given back").atMost(Duration.ofSeconds(30))
				.until(() -> status(socket).get("memoryInUse").asLong() == 0);
			assertThat(status(socket).get("failed").asBoolean()).isFalse();
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static void sendMostOfABody(SocketChannel channel, AtomicLong written) {
		try {
			channel.write(ByteBuffer.wrap(("Content-Length: " + BODY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
			for (long sent = 0; sent < SENT;) {
				chunk.clear();
				sent += channel.write(chunk);
				written.addAndGet(chunk.position());
			}
		}
		catch (IOException ex) {
			// Closed by the test.
		}
	}

	private static JsonNode status(Path socket) throws IOException {
		try (PipeTestClient client = PipeTestClient.connect(socket, Framing.CONTENT_LENGTH, Duration.ofSeconds(30))) {
			return client.call(PipeTestClient.request(1, "status", null)).get("result");
		}
	}

}
