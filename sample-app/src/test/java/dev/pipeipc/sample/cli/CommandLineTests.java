package dev.pipeipc.sample.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pipeipc.sample.cli.CliArguments.UsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CommandLine}.
 */
class CommandLineTests {

	private static final Set<String> FLAGS = Set.of("--quiet");

	private static final Set<String> VALUED = Set.of("--timeout", "--directory");

	@Test
	void optionsTakeTheirValueInlineOrFromTheNextArgumentAnywhereOnTheLine() {
		CommandLine line = line("orders", "--timeout=5", "orders.get", "--directory", "/run", "--quiet", "[1]");
		assertThat(options(line)).containsExactly("--timeout=5", "--directory=/run", "--quiet");
		assertThat(line.helpRequested()).isFalse();
		assertThat(line.positional()).containsExactly("orders", "orders.get", "[1]");
	}

	@Test
	void doubleDashEndsTheOptionsAndSingleDashIsPositional() {
		CommandLine line = line("-", "--", "--quiet", "-h");
		assertThat(options(line)).isEmpty();
		assertThat(line.positional()).containsExactly("-", "--quiet", "-h");
	}

	@Test
	void helpEndsTheWalk() {
		CommandLine line = line("--quiet", "--help", "--bogus");
		assertThat(options(line)).containsExactly("--quiet");
		assertThat(line.helpRequested()).isTrue();
	}

	@Test
	void unknownOptionIsNamedWithItsValue() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> options(line("--bogus=1")))
			.withMessage("unknown option '--bogus=1'");
	}

	@Test
	void flagWithAValueIsRefused() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> options(line("--quiet=yes")))
			.withMessage("--quiet takes no value");
	}

	@Test
	void optionWithoutItsValueAtTheEndIsRefused() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> options(line("orders", "--timeout")))
			.withMessage("--timeout needs a value");
	}

	@Test
	void flagHasNoValue() {
		CommandLine line = line("--quiet");
		assertThat(line.nextOption()).isTrue();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(line::value)
			.withMessage("Option --quiet is a flag and has no value");
	}

	private static CommandLine line(String... args) {
		return new CommandLine(args, FLAGS, VALUED);
	}

	private static List<String> options(CommandLine line) {
		List<String> options = new ArrayList<>();
		while (line.nextOption()) {
			options.add(FLAGS.contains(line.name()) ? line.name() : line.name() + "=" + line.value());
		}
		return options;
	}

}
