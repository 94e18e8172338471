package dev.pipeipc.transport;

import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Turns a pipe name into the address a transport binds, following the naming rules of the
 * platform: on Unix {@code <directory>/<name>.sock}, where a name containing {@code /} is the
 * socket path itself and the directory defaults to {@code $XDG_RUNTIME_DIR}, else to a directory
 * of the user's own under {@code java.io.tmpdir} ({@link #privateTempDirectory()}), never the
 * shared temporary directory itself, where another user could take the name first or see it.
 * Servers and clients resolve names with the same rules, so both find the same path.
 */
public final class PipeAddresses {

	/** Start of the name of {@link #privateTempDirectory()}, followed by the user name. */
	public static final String PRIVATE_DIRECTORY_PREFIX = "pipe-ipc-";

	private PipeAddresses() {
	}

	/**
	 * Resolve the socket path of a pipe on Unix.
	 * @param name the pipe name
	 * @param directory the configured directory, or {@code null} for the default
	 * @param runtimeDirectory the value of {@code XDG_RUNTIME_DIR}, or {@code null} if unset
	 * @return the socket path
	 */
	public static String unixSocketPath(String name, @Nullable String directory, @Nullable String runtimeDirectory) {
		if (name.isBlank()) {
			throw new IllegalArgumentException("Pipe name must not be blank");
		}
		if (name.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("Pipe name '" + name.replace('\0', '?') + "' must not contain NUL");
		}
		if (name.contains("/")) {
			return Path.of(name).toAbsolutePath().toString();
		}
		return Path.of(directory(directory, runtimeDirectory), name + ".sock").toAbsolutePath().toString();
	}

	/**
	 * Whether this JVM runs on Windows, where pipes are Win32 named pipes; everywhere else they
	 * are Unix domain sockets.
	 * @return {@code true} on Windows
	 */
	public static boolean isWindows() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
	}

	/**
	 * Resolve the full name of a Win32 named pipe: {@code \\.\pipe\<name>}, where a name that
	 * starts with two backslashes is the full name itself.
	 * @param name the pipe name
	 * @return the full pipe name
	 */
	public static String windowsPipeName(String name) {
		if (name.isBlank()) {
			throw new IllegalArgumentException("Pipe name must not be blank");
		}
		if (name.startsWith("\\\\")) {
			return name;
		}
		if (name.indexOf('\\') >= 0 || name.length() > 247) {
			throw new IllegalArgumentException("Pipe name '" + name + "' must not contain a backslash and must be at"
					+ " most 247 characters; give a full name starting with \\\\.\\pipe\\ instead");
		}
		return "\\\\.\\pipe\\" + name;
	}

	/**
	 * The default socket directory when {@code XDG_RUNTIME_DIR} is not set:
	 * {@code <java.io.tmpdir>/pipe-ipc-<user>}, created by the server with mode {@code 700}. The
	 * user name is the JVM's {@code user.name}, with any character other than a letter, a digit,
	 * {@code .}, {@code _} or {@code -} replaced by {@code _}.
	 * @return the directory's absolute path
	 */
	public static Path privateTempDirectory() {
		String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
		return Path.of(System.getProperty("java.io.tmpdir"), PRIVATE_DIRECTORY_PREFIX + user).toAbsolutePath();
	}

	private static String directory(@Nullable String configured, @Nullable String runtimeDir) {
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		if (runtimeDir != null && !runtimeDir.isBlank()) {
			return runtimeDir;
		}
		return privateTempDirectory().toString();
	}

}
