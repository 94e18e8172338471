package dev.pipeipc.sample.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeConnectException;
import dev.pipeipc.codec.Framing;

/**
 * What the {@code call} and {@code bench} commands share: running in this process, the strict
 * JSON mapper for params, the parsing of arguments and option values, with usage errors that say
 * what is wrong, and the message for a pipe that cannot be reached.
 */
final class CliArguments {

	/** Reads params strictly (no trailing text) and keeps decimals exact. */
	static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private CliArguments() {
	}

	/**
	 * A command's testable entry point.
	 */
	@FunctionalInterface
	interface Command {

		int run(String[] args, PrintStream out, PrintStream err);

	}

	/**
	 * Run a command in this process: its output to standard output in UTF-8, warnings of the
	 * client and errors to standard error.
	 */
	static int execute(Command command, String[] args) {
		CliLogging.warningsToStandardError();
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		int code = command.run(args, out, System.err);
		out.flush();
		System.err.flush();
		return code;
	}

	/**
	 * Parses a command's arguments.
	 * @param <T> what the arguments become
	 */
	@FunctionalInterface
	interface Parser<T> {

		/**
		 * @return the parsed arguments, or {@code null} when help was asked for
		 * @throws UsageException when the arguments are wrong
		 */
		@Nullable T parse(String[] args);

	}

	/**
	 * What a command does with its parsed arguments.
	 * @param <T> the parsed arguments
	 */
	@FunctionalInterface
	interface Action<T> {

		int run(T arguments, PrintStream out, PrintStream err);

	}

	/**
	 * Parse the arguments and run the action on them; a usage error is reported with the usage
	 * text on {@code err} (exit code {@link PipeCall#USAGE}), a request for help prints the usage
	 * text on {@code out} (exit code {@link PipeCall#OK}).
	 */
	static <T> int parseAndRun(String command, String usage, String[] args, Parser<T> parser, PrintStream out,
			PrintStream err, Action<T> action) {
		T arguments;
		try {
			arguments = parser.parse(args);
		}
		catch (UsageException ex) {
			err.println(command + ": " + ex.getMessage());
			err.println();
			err.print(usage);
			return PipeCall.USAGE;
		}
		if (arguments == null) {
			out.print(usage);
			return PipeCall.OK;
		}
		return action.run(arguments, out, err);
	}

	/**
	 * The message for a pipe that cannot be reached: the address tried, the pipe name when it
	 * differs, the reason the system gave, and what to check.
	 */
	static String connectFailure(String command, String pipe, String address, PipeConnectException ex) {
		StringBuilder message = new StringBuilder(command).append(": cannot connect to ").append(address);
		if (!address.equals(pipe)) {
			message.append(" (pipe '").append(pipe).append("')");
		}
		Throwable cause = ex.getCause();
		String reason = (cause != null && cause.getMessage() != null) ? cause.getMessage() : ex.getMessage();
		return message.append(": ").append(reason).append("; is the server running?").toString();
	}

	static Framing framing(String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "content-length" -> Framing.CONTENT_LENGTH;
			case "length-prefix" -> Framing.LENGTH_PREFIX;
			case "newline" -> Framing.NEWLINE;
			default -> throw new UsageException(
					"unknown framing '" + value + "'; use content-length, length-prefix or newline");
		};
	}

	static Duration seconds(String name, String value, boolean zeroAllowed) {
		try {
			BigDecimal seconds = new BigDecimal(value.trim());
			long millis = seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
			if (millis > 0 || (zeroAllowed && seconds.signum() == 0)) {
				return Duration.ofMillis(millis);
			}
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// Reported below.
		}
		throw new UsageException(name + " needs a " + (zeroAllowed ? "" : "positive ") + "number of seconds, not '"
				+ value + "'");
	}

	static String notBlank(String name, String value) {
		if (value.isBlank()) {
			throw new UsageException(name + " must not be blank");
		}
		return value;
	}

	/**
	 * Bad usage; the message says what is wrong.
	 */
	static final class UsageException extends RuntimeException {

		UsageException(String message) {
			super(message);
		}

	}

}
