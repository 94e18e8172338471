package dev.pipeipc.sample.cli;

/**
 * Logging for the command line, where Spring Boot does not configure it. Left alone, Commons
 * Logging would go through SLF4J to Logback, whose default prints debug messages on standard
 * output, mixed into the result, and whose start alone takes about a quarter of a second. Here
 * Commons Logging (which {@link dev.pipeipc.client.PipeClient} logs to) uses its own
 * {@code SimpleLog} instead: warnings and errors to standard error, one line each.
 * <p>
 * Each setting is a system property, so {@code -D} on the command line still overrides it.
 */
final class CliLogging {

	private CliLogging() {
	}

	/**
	 * Send warnings and errors to standard error and drop everything else; call before anything
	 * logs.
	 */
	static void warningsToStandardError() {
		setDefault("org.apache.commons.logging.LogFactory", "org.apache.commons.logging.impl.LogFactoryImpl");
		setDefault("org.apache.commons.logging.Log", "org.apache.commons.logging.impl.SimpleLog");
		setDefault("org.apache.commons.logging.simplelog.defaultlog", "warn");
	}

	private static void setDefault(String key, String value) {
		if (System.getProperty(key) == null) {
			System.setProperty(key, value);
		}
	}

}
