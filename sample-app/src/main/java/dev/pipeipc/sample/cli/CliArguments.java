package dev.pipeipc.sample.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.protocol.Framing;

/**
 * What the {@code call} and {@code bench} commands share: running in this process, the strict
 * JSON mapper for params, and the parsing of option values, with usage errors that say what is
 * wrong.
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
