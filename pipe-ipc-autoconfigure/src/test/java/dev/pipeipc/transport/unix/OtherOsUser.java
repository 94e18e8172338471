package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A second operating system user for access tests: created with {@code useradd} when missing,
 * which needs root, and programs run as that user with {@code runuser}. Tests that need one are
 * skipped (an assumption) where the process is not root or the tools are missing.
 */
public final class OtherOsUser {

	/** The test user's name. */
	public static final String NAME = "pipeipc-other";

	/** A supplementary group of the test user, and of nobody else. */
	public static final String GROUP = "pipeipc-team";

	private final long uid;

	private final long gid;

	private OtherOsUser(long uid, long gid) {
		this.uid = uid;
		this.gid = gid;
	}

	/**
	 * The test user, created if missing; skips the test where that cannot be done.
	 * @return the user
	 */
	public static OtherOsUser require() {
		assumeTrue(CurrentUser.uid() == CurrentUser.ROOT, "a second OS user needs root to create and to run as");
		assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
				"useradd and runuser are needed");
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is needed to act as the other user");
		try {
			if (run("getent", "group", GROUP) == null) {
				run("/usr/sbin/groupadd", "--system", GROUP);
			}
			String id = run("id", "-u", NAME);
			if (id == null) {
				run("/usr/sbin/useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME);
				id = run("id", "-u", NAME);
			}
			String groups = run("id", "-Gn", NAME);
			if (groups != null && !List.of(groups.trim().split(" ")).contains(GROUP)) {
				run("/usr/sbin/usermod", "-a", "-G", GROUP, NAME);
			}
			String gid = run("id", "-g", NAME);
			assumeTrue(id != null && gid != null, "useradd could not create " + NAME);
			return new OtherOsUser(Long.parseLong(id.trim()), Long.parseLong(gid.trim()));
		}
		catch (IOException ex) {
			assumeTrue(false, "cannot create " + NAME + ": " + ex);
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A directory under {@code /tmp} that both users can reach and write, for sockets they share.
	 * @return the new directory, mode {@code 777}; the caller deletes it
	 */
	public static Path sharedDirectory() throws IOException {
		Path directory = Files.createTempDirectory(Path.of("/tmp"), "pipe-shared");
		Files.setAttribute(directory, "unix:mode", 0777);
		return directory;
	}

	public long uid() {
		return this.uid;
	}

	public long gid() {
		return this.gid;
	}

	/**
	 * Start a program as this user.
	 * @param command the program and its arguments
	 * @return the process, to be destroyed by the caller
	 */
	public Process start(String... command) throws IOException {
		List<String> line = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", NAME, "--"));
		line.addAll(List.of(command));
		return new ProcessBuilder(line).redirectErrorStream(true).start();
	}

	/**
	 * Send bytes to a socket as this user and return what came back before the server closed.
	 * @param socket the socket
	 * @param input what to send
	 * @return socat's output (the answer, or its error message)
	 */
	public String exchange(Path socket, String input) throws IOException, InterruptedException {
		Process socat = start("/usr/bin/socat", "-t", "5", "-", "UNIX-CONNECT:" + socket);
		socat.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
		socat.getOutputStream().close();
		if (!socat.waitFor(20, TimeUnit.SECONDS)) {
			socat.destroyForcibly();
			throw new IOException("socat did not finish within 20 s");
		}
		return new String(socat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	private static String run(String... command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return null;
			}
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return (process.exitValue() == 0) ? out : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

}
