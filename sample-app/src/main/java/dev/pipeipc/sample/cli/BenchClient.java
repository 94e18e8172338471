package dev.pipeipc.sample.cli;

import java.util.Locale;

import dev.pipeipc.sample.cli.CliArguments.UsageException;

/**
 * How {@code bench} calls: what a user's code would do with the library, or a plain socket client
 * for comparison. A plain client is the floor the library's client is measured against: the same
 * server, the same request bytes, no library on the client's side.
 */
enum BenchClient {

	/** {@code PipeClient.callAsync}, keeping {@code --pipeline} calls in flight per connection. */
	ASYNC,

	/** {@code PipeClient.call} on one thread per connection, waiting for each answer. */
	CALL,

	/** A {@code @PipeExchange} proxy over a {@code PipeClient}, one thread per connection. */
	EXCHANGE,

	/**
	 * A blocking {@code SocketChannel} per connection, one thread each: the request encoded once,
	 * each answer read by its {@code Content-Length} and not parsed.
	 */
	PLAIN;

	String cliName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether it waits for each answer before sending the next call.
	 */
	boolean waitsForEachAnswer() {
		return this != ASYNC;
	}

	static BenchClient of(String value) {
		for (BenchClient client : values()) {
			if (client.cliName().equals(value.trim().toLowerCase(Locale.ROOT))) {
				return client;
			}
		}
		throw new UsageException("unknown --client '" + value + "'; use async, call, exchange or plain");
	}

}
