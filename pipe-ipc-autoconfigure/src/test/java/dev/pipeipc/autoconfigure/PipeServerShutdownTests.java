package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.annotation.PipeHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful shutdown of auto-configured servers as the application context closes: requests in
 * progress finish and are answered, a handler that never finishes is bounded by
 * {@code spring.lifecycle.timeout-per-shutdown-phase}, and the socket file is removed either way.
 */
class PipeServerShutdownTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class, JacksonAutoConfiguration.class,
					PipeAutoConfiguration.class))
			.withPropertyValues("pipe.server.directory=" + this.directory, "pipe.server.name=drain")
			.withUserConfiguration(SlowHandlers.class);
	}

	@Test
	void requestInProgressIsAnsweredBeforeTheServerCloses() throws Exception {
		Path socket = this.directory.resolve("drain.sock");
		CompletableFuture<String> reply = new CompletableFuture<>();
		runner().run((context) -> {
			SlowHandler handler = context.getBean(SlowHandler.class);
			SocketChannel channel = connect(socket);
			send(channel, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"slow\",\"params\":[300]}");
			assertThat(handler.started.await(5, TimeUnit.SECONDS)).isTrue();
			CompletableFuture.runAsync(() -> reply.complete(readAll(channel)));
		});
		assertThat(reply.get(10, TimeUnit.SECONDS)).contains("\"id\":7", "\"result\":\"done after 300 ms\"");
		assertThat(socket).doesNotExist();
	}

	@Test
	void handlerThatNeverFinishesIsBoundedByTheShutdownPhaseTimeout() {
		Path socket = this.directory.resolve("drain.sock");
		long[] closeMillis = new long[1];
		runner().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=500ms").run((context) -> {
			SlowHandler handler = context.getBean(SlowHandler.class);
			SocketChannel channel = connect(socket);
			send(channel, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"slow\",\"params\":[600000]}");
			assertThat(handler.started.await(5, TimeUnit.SECONDS)).isTrue();
			closeMillis[0] = System.nanoTime();
		});
		long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeMillis[0]);
		assertThat(elapsed).isLessThan(10_000);
		assertThat(socket).doesNotExist();
	}

	@Test
	void newConnectionsAreRefusedOnceStopped() {
		Path socket = this.directory.resolve("drain.sock");
		runner().run((context) -> {
			assertThat(socket).exists();
			context.stop();
			assertThat(socket).doesNotExist();
			org.assertj.core.api.Assertions.assertThatIOException().isThrownBy(() -> connect(socket));
		});
	}

	private static SocketChannel connect(Path socket) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(socket));
		return channel;
	}

	private static void send(SocketChannel channel, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		channel.write(ByteBuffer.wrap(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
		channel.write(ByteBuffer.wrap(body));
	}

	private static String readAll(SocketChannel channel) {
		ByteBuffer buffer = ByteBuffer.allocate(4096);
		try (channel) {
			while (channel.read(buffer) >= 0) {
				// Until the server closes the connection.
			}
		}
		catch (IOException ex) {
			// Closed by the server: return what arrived.
		}
		return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	static class SlowHandlers {

		@Bean
		SlowHandler slowHandler() {
			return new SlowHandler();
		}

	}

	static class SlowHandler {

		final CountDownLatch started = new CountDownLatch(1);

		@PipeHandler
		String slow(long millis) throws InterruptedException {
			this.started.countDown();
			Thread.sleep(millis);
			return "done after " + millis + " ms";
		}

	}

}
