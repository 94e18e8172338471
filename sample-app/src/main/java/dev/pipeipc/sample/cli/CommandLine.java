package dev.pipeipc.sample.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.sample.cli.CliArguments.UsageException;

/**
 * Walks a command line the way both commands read it: options as {@code --name value} or
 * {@code --name=value}, flags without a value, {@code -h} or {@code --help} for help, {@code --}
 * ending the options, and everything else (including {@code -}) positional.
 * <pre>
 * CommandLine line = new CommandLine(args, Set.of("--json"), Set.of("--timeout"));
 * while (line.nextOption()) {
 *     switch (line.name()) { ... line.value() ... }
 * }
 * if (line.helpRequested()) { ... }
 * </pre>
 */
final class CommandLine {

	private static final Set<String> HELP = Set.of("-h", "--help");

	private final String[] args;

	private final Set<String> flags;

	private final Set<String> valued;

	private final List<String> positional = new ArrayList<>();

	private int index;

	private boolean optionsEnded;

	private boolean helpRequested;

	private String name = "";

	private @Nullable String value;

	/**
	 * Create a walk over the given arguments.
	 * @param args the arguments after the command's name
	 * @param flags the options that take no value
	 * @param valued the options that take a value
	 */
	CommandLine(String[] args, Set<String> flags, Set<String> valued) {
		this.args = args;
		this.flags = flags;
		this.valued = valued;
	}

	/**
	 * Move to the next option, collecting positional arguments on the way.
	 * @return whether there is one; {@code false} at the end and when help is asked for
	 * @throws UsageException for an unknown option, a flag with a value or an option without one
	 */
	boolean nextOption() {
		while (this.index < this.args.length) {
			String arg = this.args[this.index++];
			if (this.optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
				this.positional.add(arg);
				continue;
			}
			String name = arg;
			String inline = null;
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 0) {
				name = arg.substring(0, equals);
				inline = arg.substring(equals + 1);
			}
			if (name.equals("--") || HELP.contains(name) || this.flags.contains(name)) {
				if (inline != null) {
					throw new UsageException(name + " takes no value");
				}
				if (name.equals("--")) {
					this.optionsEnded = true;
					continue;
				}
				if (HELP.contains(name)) {
					this.helpRequested = true;
					return false;
				}
				return select(name, null);
			}
			if (!this.valued.contains(name)) {
				throw new UsageException("unknown option '" + arg + "'");
			}
			if (inline == null) {
				if (this.index >= this.args.length) {
					throw new UsageException(name + " needs a value");
				}
				inline = this.args[this.index++];
			}
			return select(name, inline);
		}
		return false;
	}

	private boolean select(String name, @Nullable String value) {
		this.name = name;
		this.value = value;
		return true;
	}

	/**
	 * The current option's name, such as {@code --timeout}.
	 */
	String name() {
		return this.name;
	}

	/**
	 * The current option's value.
	 * @throws IllegalStateException if the current option is a flag
	 */
	String value() {
		if (this.value == null) {
			throw new IllegalStateException("Option " + this.name + " is a flag and has no value");
		}
		return this.value;
	}

	/**
	 * Whether {@code -h} or {@code --help} ended the walk.
	 */
	boolean helpRequested() {
		return this.helpRequested;
	}

	/**
	 * The positional arguments met so far: all of them once {@link #nextOption()} returned
	 * {@code false} without help.
	 */
	List<String> positional() {
		return this.positional;
	}

}
