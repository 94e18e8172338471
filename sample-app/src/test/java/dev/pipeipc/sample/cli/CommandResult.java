package dev.pipeipc.sample.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What one run of a command of the sample app's jar did: its exit code and what it printed.
 *
 * @param code the exit code
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
record CommandResult(int code, String out, String err) {

	/**
	 * Run a command in this process, capturing what it prints.
	 * @param command the command, such as {@code PipeCall::run}
	 * @param args its arguments
	 * @return what the run did
	 */
	static CommandResult run(Command command, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = command.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new CommandResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/**
	 * The given lines, each ended by the platform's line separator, as a command prints them.
	 * @param lines the lines
	 * @return the text
	 */
	static String lines(String... lines) {
		return String.join(System.lineSeparator(), lines) + System.lineSeparator();
	}

	@Override
	public String toString() {
		return "exit " + this.code + ", stdout: [" + this.out + "], stderr: [" + this.err + "]";
	}

	/**
	 * A command run in this process: {@code PipeCall::run} or {@code PipeBench::run}.
	 */
	@FunctionalInterface
	interface Command {

		int run(String[] args, PrintStream out, PrintStream err);

	}

}
