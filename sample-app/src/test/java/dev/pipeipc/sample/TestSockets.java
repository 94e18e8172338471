package dev.pipeipc.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Socket paths for tests that start the sample app on a pipe of their own.
 */
public final class TestSockets {

	/** Unix domain socket paths are limited to about 104 bytes; stay well clear of that. */
	private static final int MAX_SOCKET_PATH_BYTES = 80;

	private TestSockets() {
	}

	/**
	 * A socket path in a fresh directory under the temp directory, or under {@code /tmp} when the
	 * temp directory is too long for a Unix domain socket path (as on macOS). Both are deleted at
	 * exit, after the context (and its server) has closed.
	 * @param prefix the directory name's prefix
	 * @return the socket path, not yet created
	 */
	public static Path socketPath(String prefix) {
		try {
			Path directory = Files.createTempDirectory(prefix);
			Path socket = directory.resolve("orders.sock").toAbsolutePath();
			if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
				Files.delete(directory);
				directory = Files.createTempDirectory(Path.of("/tmp"), prefix);
				socket = directory.resolve("orders.sock").toAbsolutePath();
			}
			// Deleted in reverse order at exit.
			directory.toFile().deleteOnExit();
			socket.toFile().deleteOnExit();
			return socket;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create a directory for the test socket", ex);
		}
	}

}
