package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.PipeTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Graceful shutdown of auto-configured servers as the application context closes: requests in
 * progress finish and are answered, a handler that never finishes is bounded by
 * {@code spring.lifecycle.timeout-per-shutdown-phase}, and the socket file is removed either way.
 */
class PipeServerShutdownTests {

	@TempDir
	Path directory;

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class, JacksonAutoConfiguration.class,
					PipeAutoConfiguration.class))
			.withPropertyValues("pipe.server.directory=" + this.directory, "pipe.server.name=drain")
			.withUserConfiguration(SlowHandlers.class);
	}

	private PipeTestClient connect(Path socket) throws IOException {
		return this.resources.add(PipeTestClient.connect(socket, Framing.CONTENT_LENGTH));
	}

	@Test
	void requestInProgressIsAnsweredBeforeTheServerCloses() throws Exception {
		Path socket = this.directory.resolve("drain.sock");
		PipeTestClient[] client = new PipeTestClient[1];
		runner().run((context) -> {
			SlowHandler handler = context.getBean(SlowHandler.class);
			client[0] = connect(socket);
			client[0].send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"slow\",\"params\":[300]}");
			assertThat(handler.started.await(5, TimeUnit.SECONDS)).isTrue();
		});
		assertThat(client[0].receive()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"done after 300 ms\"}");
		client[0].awaitClose();
		assertThat(socket).doesNotExist();
	}

	@Test
	void handlerThatNeverFinishesIsBoundedByTheShutdownPhaseTimeout() {
		Path socket = this.directory.resolve("drain.sock");
		long[] closeStarted = new long[1];
		runner().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=500ms").run((context) -> {
			SlowHandler handler = context.getBean(SlowHandler.class);
			connect(socket).send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"slow\",\"params\":[600000]}");
			assertThat(handler.started.await(5, TimeUnit.SECONDS)).isTrue();
			closeStarted[0] = System.nanoTime();
		});
		long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStarted[0]);
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
			assertThatIOException().isThrownBy(() -> PipeTestClient.connect(socket, Framing.CONTENT_LENGTH));
		});
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
