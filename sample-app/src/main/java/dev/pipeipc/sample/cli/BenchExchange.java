package dev.pipeipc.sample.cli;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.annotation.PipeExchange;

/**
 * The echo method as a {@code @PipeExchange} interface, for {@code bench --client exchange}.
 */
interface BenchExchange {

	/**
	 * Call {@code bench.echo}.
	 * @param value the payload
	 * @return the payload, as the server echoed it
	 */
	@PipeExchange(BenchSettings.ECHO_METHOD)
	@Nullable String echo(String value);

}
