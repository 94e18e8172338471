package dev.pipeipc.autoconfigure;

import java.nio.file.Path;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The context runner every auto-configuration test starts from.
 */
final class PipeContextRunners {

	private PipeContextRunners() {
	}

	/**
	 * A runner with Jackson's and the pipe auto-configuration, and nothing else.
	 * @return a new runner
	 */
	static ApplicationContextRunner pipeAutoConfiguration() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PipeAutoConfiguration.class));
	}

	/**
	 * A runner with Jackson's and the pipe auto-configuration, whose main server puts its socket
	 * in the given directory.
	 * @param directory the socket directory, usually a test's temporary directory
	 * @return a new runner
	 */
	static ApplicationContextRunner pipeAutoConfiguration(Path directory) {
		return pipeAutoConfiguration().withPropertyValues("pipe.server.directory=" + directory);
	}

}
