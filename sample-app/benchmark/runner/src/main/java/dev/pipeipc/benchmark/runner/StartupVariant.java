package dev.pipeipc.benchmark.runner;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the startup comparison launches next to the plain application ({@code --startup-variants}).
 * Each one isolates a share of what the starter adds: the default is the benchmark's server as it
 * runs, the others tell apart what the starter costs by being there and what opening two pipes
 * costs at the least.
 */
enum StartupVariant {

	/** The benchmark's pipe-ipc application, two pipes open: the figure the startup target (≤ 50 ms) is about. */
	SERVERS("with the pipe-ipc starter, two pipes open") {
		@Override
		List<String> arguments(String plainJar, String pipeJar, Path directory) {
			return List.of("-jar", pipeJar, "--pipe.server.directory=" + directory,
					"--pipe.servers.raw.directory=" + directory);
		}
	},

	/**
	 * The same application with no server, no handler and no client: the starter's auto-configuration
	 * and its beans, nothing to serve.
	 */
	IDLE("with the pipe-ipc starter, nothing configured") {
		@Override
		List<String> arguments(String plainJar, String pipeJar, Path directory) {
			return List.of("-jar", pipeJar, "--pipe.server.enabled=false", "--pipe.servers.raw.enabled=false",
					"--benchmark.handlers=false");
		}
	},

	/**
	 * The plain application with two Unix sockets opened by hand with the JDK, each with an accepting
	 * thread: the least that opening two pipes can cost.
	 */
	HAND_OPENED("plain app with two sockets opened by hand") {
		@Override
		List<String> arguments(String plainJar, String pipeJar, Path directory) {
			return List.of("-jar", plainJar, "--spring.main.sources=dev.pipeipc.benchmark.floor.HandOpenedSockets",
					"--benchmark.socket-directory=" + directory);
		}
	};

	private final String label;

	StartupVariant(String label) {
		this.label = label;
	}

	/**
	 * The launch's arguments after {@code java}.
	 * @param plainJar the plain application's jar
	 * @param pipeJar the benchmark's pipe-ipc application's jar
	 * @param directory where sockets go
	 * @return the arguments
	 */
	abstract List<String> arguments(String plainJar, String pipeJar, Path directory);

	/** The column title of the report's startup table. */
	String label() {
		return this.label;
	}

	/** The option's value, such as {@code hand-opened}. */
	String optionValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	static StartupVariant of(String value) {
		for (StartupVariant variant : values()) {
			if (variant.optionValue().equals(value)) {
				return variant;
			}
		}
		throw new IllegalArgumentException("Unknown startup variant '" + value + "'; choose from servers, idle or"
				+ " hand-opened in --startup-variants.");
	}

}
