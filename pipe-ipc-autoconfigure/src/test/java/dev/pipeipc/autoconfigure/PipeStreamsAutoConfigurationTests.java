package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.annotation.PipeStream;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeTestClient;

import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handlers that return a {@code Flux} or a {@code Stream}, streamed by the auto-configured server
 * with the settings of {@code pipe.server.streams.*} and {@code @PipeStream}, with and without
 * Reactor on the classpath, called over real sockets.
 */
class PipeStreamsAutoConfigurationTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration(this.directory)
			.withPropertyValues("pipe.server.name=streams", "pipe.server.streams.min-batch-size=2",
					"pipe.server.streams.read-ahead=0", "pipe.server.streams.prefetch=2");
	}

	@Test
	void fluxAndStreamHandlersAreStreamedWithTheServersSettings() {
		runner().withBean(PlainStreamHandlers.class).withBean(FluxHandlers.class).run((context) -> {
			assertThat(context).hasNotFailed();
			try (PipeTestClient client = connect()) {
				assertThat(client.call(request(1, "letters.flux", null)).get("result").toString())
					.isEqualTo("{\"token\":1,\"values\":[\"a\",\"b\"]}");
				assertThat(client.call(request(2, "$/enumerator/next", "[1]")).get("result").toString())
					.isEqualTo("{\"values\":[\"c\"],\"finished\":true}");
				assertThat(client.call(request(3, "numbers.stream", "[5]")).get("result").toString())
					.isEqualTo("{\"token\":2,\"values\":[0,1]}");
				assertThat(client.call(request(4, "$/enumerator/next", "{\"token\":2}")).get("result").toString())
					.isEqualTo("{\"values\":[2,3],\"finished\":false}");
			}
		});
	}

	@Test
	void handlerSettingsOverrideTheServers() {
		runner().withBean(PlainStreamHandlers.class).run((context) -> {
			try (PipeTestClient client = connect()) {
				assertThat(client.call(request(1, "numbers.batched", "[5]")).get("result").toString())
					.isEqualTo("{\"token\":1}");
				assertThat(client.call(request(2, "$/enumerator/next", "[1]")).get("result").toString())
					.isEqualTo("{\"values\":[0,1,2,3,4],\"finished\":true}");
			}
		});
	}

	@Test
	void withoutReactorOnTheClassPathAStreamHandlerIsStreamed() {
		runner().withClassLoader(new FilteredClassLoader("reactor.", "org.reactivestreams."))
			.withBean(PlainStreamHandlers.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PlainStreamHandlers handlers = context.getBean(PlainStreamHandlers.class);
				try (PipeTestClient client = connect()) {
					assertThat(client.call(request(1, "numbers.stream", "[3]")).get("result").toString())
						.isEqualTo("{\"token\":1,\"values\":[0,1]}");
					assertThat(client.call(request(2, "$/enumerator/next", "[1]")).get("result").toString())
						.isEqualTo("{\"values\":[2],\"finished\":true}");
				}
				assertThat(handlers.closed).hasValue(1);
			});
	}

	@Test
	void streamSettingOutOfRangeFailsStartupNamingTheProperty() {
		runner().withPropertyValues("pipe.server.streams.min-batch-size=0", "pipe.server.streams.idle-timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(InvalidPipePropertiesException.class)
				.hasMessageContaining("pipe.server.streams.min-batch-size")
				.hasMessageContaining("pipe.server.streams.idle-timeout"));
	}

	@Test
	void pipeStreamOnAResultThatCannotBeStreamedFailsStartupNamingTheHandler() {
		runner().withBean(MisplacedStream.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("is annotated @PipeStream but returns java.lang.String")
				.hasMessageContaining("MisplacedStream"));
	}

	@Test
	void pipeStreamWithABatchSizeOutOfRangeFailsStartupNamingTheHandler() {
		runner().withBean(BadBatch.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("The @PipeStream of pipe handler")
				.hasStackTraceContaining("'min-batch-size' must be at least 1, but was 0"));
	}

	private PipeTestClient connect() throws IOException {
		return PipeTestClient.connect(this.directory.resolve("streams.sock"), Framing.CONTENT_LENGTH);
	}

	static class PlainStreamHandlers {

		final AtomicInteger closed = new AtomicInteger();

		@PipeHandler("numbers.stream")
		Stream<Integer> numbers(int count) {
			return IntStream.range(0, count).boxed().onClose(this.closed::incrementAndGet);
		}

		@PipeHandler("numbers.batched")
		@PipeStream(minBatchSize = 10, prefetch = 0)
		Stream<Integer> batched(int count) {
			return IntStream.range(0, count).boxed();
		}

	}

	static class FluxHandlers {

		@PipeHandler("letters.flux")
		Flux<String> letters() {
			return Flux.just("a", "b", "c");
		}

	}

	static class MisplacedStream {

		@PipeHandler("misplaced")
		@PipeStream
		String misplaced() {
			return "one value";
		}

	}

	static class BadBatch {

		@PipeHandler("bad.batch")
		@PipeStream(minBatchSize = 0)
		Stream<String> bad() {
			return Stream.empty();
		}

	}

}
