package dev.pipeipc.sample.cli;

import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.codec.Framing;

import static dev.pipeipc.sample.cli.CliArguments.MAPPER;

/**
 * How the {@code call} and {@code discover} commands reach a pipe: {@code --framing},
 * {@code --timeout} and {@code --directory}, and the client they make.
 */
final class PipeConnectionOptions {

	/** The options read here, each with a value. */
	static final Set<String> VALUED = Set.of("--framing", "--timeout", "--directory");

	/** How long to wait for the answer unless {@code --timeout} says otherwise. */
	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** How long to keep trying to connect (at most the request timeout). */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private Framing framing = Framing.CONTENT_LENGTH;

	private Duration timeout = DEFAULT_TIMEOUT;

	private @Nullable String directory;

	/**
	 * Read the current option if it is one of these.
	 * @param line the command line, on an option
	 * @return whether the option was one of these
	 */
	boolean accept(CommandLine line) {
		switch (line.name()) {
			case "--framing" -> this.framing = CliArguments.framing(line.value());
			case "--timeout" -> this.timeout = CliArguments.seconds("--timeout", line.value(), false);
			case "--directory" -> this.directory = CliArguments.notBlank("--directory", line.value());
			default -> {
				return false;
			}
		}
		return true;
	}

	Duration timeout() {
		return this.timeout;
	}

	/**
	 * A client of the given pipe with these options.
	 * @param pipe the pipe name or socket path
	 * @return the client, not yet connected
	 * @throws IllegalArgumentException if the pipe cannot be addressed
	 */
	PipeClient client(String pipe) {
		return PipeClient.builder(pipe)
			.directory(this.directory)
			.framing(this.framing)
			.mapper(MAPPER)
			.connectTimeout((this.timeout.compareTo(CONNECT_TIMEOUT) < 0) ? this.timeout : CONNECT_TIMEOUT)
			.requestTimeout(this.timeout)
			.build();
	}

}
