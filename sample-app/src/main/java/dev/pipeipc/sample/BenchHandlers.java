package dev.pipeipc.sample;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeHandler;

/**
 * The target of the load generator ({@code java -jar sample-app-0.1.0-SNAPSHOT.jar bench}, see
 * {@link dev.pipeipc.sample.cli.PipeBench}): a method that does no work of its own, so a benchmark
 * measures the pipe, the framing and JSON-RPC rather than the order desk.
 */
@Component
public class BenchHandlers {

	/**
	 * Answer with the value sent, unchanged: {@code "params": ["abc"]} is answered with
	 * {@code "result": "abc"}; {@code {"value": ...}} works as well.
	 * @param value any JSON value
	 * @return the same value
	 */
	@PipeHandler("bench.echo")
	public @Nullable Object echo(@Nullable Object value) {
		return value;
	}

}
