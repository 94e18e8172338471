package dev.pipeipc.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.PipeTestClient;

import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pipe.server.request-timeout} and {@code @PipeHandler(timeout = ...)}: a request that runs
 * past its timeout is answered at once with {@code -32802} and its id, its handler is interrupted,
 * and its slot is freed: with {@code max-pending-requests=1} the connection's next request is read
 * and answered although the handler (which ignores interrupts) still runs.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class PipeRequestTimeoutTests {

	@TempDir
	Path directory;

	private final Handlers handlers = new Handlers();

	@AfterEach
	void release() {
		this.handlers.release.countDown();
	}

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration(this.directory)
			.withPropertyValues("pipe.server.name=timeouts")
			.withBean(Handlers.class, () -> this.handlers);
	}

	private PipeTestClient connect() throws Exception {
		return PipeTestClient.connect(this.directory.resolve("timeouts.sock"), Framing.CONTENT_LENGTH);
	}

	@Test
	void serverTimeoutAnswersWithItsIdInterruptsTheHandlerAndFreesItsSlot() {
		runner().withPropertyValues("pipe.server.request-timeout=300ms", "pipe.server.max-pending-requests=1")
			.run((context) -> {
				try (PipeTestClient client = connect()) {
					JsonNode timedOut = client.call(request(7, "stubborn", null));
					assertThat(timedOut.get("id").asInt()).isEqualTo(7);
					assertThat(timedOut.get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.REQUEST_TIMED_OUT);
					assertThat(timedOut.get("error").get("message").asString()).isEqualTo("Request timed out");
					assertThat(timedOut.get("error").get("data").get("method").asString()).isEqualTo("stubborn");
					assertThat(timedOut.get("error").get("data").get("timeoutMillis").asLong()).isEqualTo(300);
					assertThat(this.handlers.interrupted.await(5, TimeUnit.SECONDS)).as("handler interrupted").isTrue();
					assertThat(client.call(request(8, "echo", "[\"next\"]")).get("result").asString())
						.as("the next request, read although the handler still runs").isEqualTo("next");
					assertThat(this.handlers.stillRunning.getCount()).as("the stubborn handler still runs").isOne();
					// A request counts as pending until just after its answer is sent.
					Awaitility.await("the timed-out request's slot freed").atMost(Duration.ofSeconds(5))
						.until(() -> context.getBean(PipeServer.class).getPendingRequests() == 0);
				}
			});
	}

	@Test
	void handlerTimeoutTakesPrecedenceAndRequestsWithinTheirTimeoutAreAnswered() {
		runner().withPropertyValues("pipe.server.request-timeout=1h").run((context) -> {
			try (PipeTestClient client = connect()) {
				JsonNode timedOut = client.call(request(1, "quickTimeout", null));
				assertThat(timedOut.get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.REQUEST_TIMED_OUT);
				assertThat(timedOut.get("error").get("data").get("timeoutMillis").asLong()).isEqualTo(200);
				assertThat(client.call(request(2, "echo", "[\"in time\"]")).get("result").asString())
					.isEqualTo("in time");
				Awaitility.await("the handler ended").atMost(Duration.ofSeconds(5))
					.until(() -> context.getBean(PipeServer.class).getPendingRequests() == 0);
			}
		});
	}

	@Test
	void handlerTimeoutThatIsNotADurationFailsStartupNamingBeanMethodAndValue() {
		PipeContextRunners.pipeAutoConfiguration(this.directory)
			.withBean("badTimeout", BadTimeout.class, BadTimeout::new)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("@PipeHandler method 'soon' of bean 'badTimeout' has timeout 'soon', which is not a duration"));
	}

	static class Handlers {

		final CountDownLatch interrupted = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final CountDownLatch stillRunning = new CountDownLatch(1);

		@PipeHandler("stubborn")
		String stubborn() {
			// Ignores the interrupt (after noting it) and runs on until the test ends.
			while (true) {
				try {
					if (this.release.await(30, TimeUnit.SECONDS)) {
						this.stillRunning.countDown();
						return "released";
					}
				}
				catch (InterruptedException ex) {
					this.interrupted.countDown();
				}
			}
		}

		@PipeHandler(value = "quickTimeout", timeout = "200ms")
		String quickTimeout() throws InterruptedException {
			this.release.await(30, TimeUnit.SECONDS);
			return "released";
		}

		@PipeHandler("echo")
		String echo(String value) {
			return value;
		}

	}

	static class BadTimeout {

		@PipeHandler(timeout = "soon")
		String soon() {
			return "never";
		}

	}

}
