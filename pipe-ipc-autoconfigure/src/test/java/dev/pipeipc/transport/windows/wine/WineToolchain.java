package dev.pipeipc.transport.windows.wine;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Wine and mingw-w64 for tests: builds the Win32 helper programs in {@code src/test/win32} and runs
 * them under Wine in a private prefix.
 * <p>
 * Why: the Windows transport needs real Win32 named pipe semantics (message mode,
 * {@code ERROR_MORE_DATA}, {@code ERROR_PIPE_CONNECTED}, cancellation...), and on the Linux
 * machines that build this project the only place to get them is Wine. The helpers are compiled
 * here rather than checked in as binaries, and the prefix lives under {@code target/} so a test
 * run never touches the user's own {@code ~/.wine}.
 * <p>
 * Tools are looked up on {@code PATH}. When they are missing, {@link #assumeAvailable()} skips
 * the calling tests, except when the {@code CI} environment variable is set: there a missing
 * toolchain is a broken build machine and the tests fail.
 * <p>
 * Builds and the first prefix set-up are serialized with file locks, so parallel test JVMs
 * sharing one {@code target/} directory do not trip over each other.
 */
public final class WineToolchain {

	/** The Win32 bridge that performs pipe calls for {@link WineNamedPipeApi}. */
	public static final String BRIDGE = "pipe-bridge";

	/** A client written the way the seed's companion client is. */
	public static final String SEED_CLIENT = "seed-client";

	private static final String WINE = "wine";

	private static final String WINESERVER = "wineserver";

	private static final String GCC = "x86_64-w64-mingw32-gcc";

	private static final String GXX = "x86_64-w64-mingw32-g++";

	private static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration PREFIX_TIMEOUT = Duration.ofMinutes(3);

	/** In-JVM guard: a {@link FileLock} is held per JVM, not per thread. */
	private static final Object LOCK = new Object();

	private static @Nullable WineToolchain instance;

	private final Path moduleDirectory;

	private final @Nullable Path wine;

	private final @Nullable Path wineserver;

	private final @Nullable Path gcc;

	private final @Nullable Path gxx;

	private volatile boolean prefixReady;

	private WineToolchain(Path moduleDirectory) {
		this.moduleDirectory = moduleDirectory;
		this.wine = onPath(WINE);
		this.wineserver = onPath(WINESERVER);
		this.gcc = onPath(GCC);
		this.gxx = onPath(GXX);
	}

	/**
	 * The toolchain for this module.
	 * @return the shared instance
	 */
	public static WineToolchain get() {
		synchronized (LOCK) {
			if (instance == null) {
				instance = new WineToolchain(findModuleDirectory());
			}
			return instance;
		}
	}

	/**
	 * Whether {@code wine} and the mingw-w64 C and C++ compilers are on {@code PATH}.
	 * @return {@code true} if the Wine tests can run
	 */
	public boolean available() {
		return this.wine != null && this.gcc != null && this.gxx != null;
	}

	/**
	 * Skip the calling test (or class, from {@code @BeforeAll}) when the toolchain is missing, or
	 * fail when the {@code CI} environment variable is set.
	 */
	public void assumeAvailable() {
		if (available()) {
			return;
		}
		String missing = String.join(", ", missingTools());
		String message = "Wine tests need " + missing + " on PATH (apt-get install -y --no-install-recommends wine wine64 g++-mingw-w64-x86-64)";
		if (System.getenv("CI") != null) {
			throw new AssertionError(message + "; CI is set, so this fails instead of skipping");
		}
		Assumptions.assumeTrue(false, message);
	}

	private List<String> missingTools() {
		List<String> missing = new ArrayList<>();
		if (this.wine == null) {
			missing.add(WINE);
		}
		if (this.gcc == null) {
			missing.add(GCC);
		}
		if (this.gxx == null) {
			missing.add(GXX);
		}
		return missing;
	}

	/**
	 * The directory the compiled programs go to.
	 * @return {@code target/win32} of this module
	 */
	public Path outputDirectory() {
		return this.moduleDirectory.resolve("target").resolve("win32");
	}

	/**
	 * The private Wine prefix.
	 * @return {@code target/wine-prefix} of this module
	 */
	public Path prefix() {
		return this.moduleDirectory.resolve("target").resolve("wine-prefix");
	}

	/**
	 * The Win32 bridge, compiled if needed.
	 * @return the path of {@code pipe-bridge.exe}
	 */
	public Path bridge() {
		return program(BRIDGE);
	}

	/**
	 * The seed-style client, compiled if needed.
	 * @return the path of {@code seed-client.exe}
	 */
	public Path seedClient() {
		return program(SEED_CLIENT);
	}

	/**
	 * A program from {@code src/test/win32}, compiled into {@link #outputDirectory()} when the
	 * executable is missing or older than its source.
	 * @param name {@link #BRIDGE} or {@link #SEED_CLIENT}
	 * @return the path of the executable
	 */
	public Path program(String name) {
		requireAvailable();
		Path sourceDirectory = this.moduleDirectory.resolve("src").resolve("test").resolve("win32");
		Path c = sourceDirectory.resolve(name + ".c");
		Path cpp = sourceDirectory.resolve(name + ".cpp");
		boolean isC = Files.isRegularFile(c);
		Path source = isC ? c : cpp;
		if (!Files.isRegularFile(source)) {
			throw new IllegalArgumentException("No source for " + name + " in " + sourceDirectory);
		}
		Path executable = outputDirectory().resolve(name + ".exe");
		if (isFresh(executable, source)) {
			return executable;
		}
		withLock(outputDirectory().resolve(".build.lock"), () -> {
			if (isFresh(executable, source)) {
				return;
			}
			Path temporary = outputDirectory().resolve(name + "." + ProcessHandle.current().pid() + ".tmp.exe");
			List<String> command = new ArrayList<>();
			if (isC) {
				command.addAll(List.of(this.gcc.toString(), "-O2", "-Wall", "-static", "-o", temporary.toString(),
						source.toString(), "-ladvapi32"));
			}
			else {
				command.addAll(List.of(this.gxx.toString(), "-O2", "-Wall", "-static", "-municode", "-o",
						temporary.toString(), source.toString()));
			}
			Result result = execute(command, Map.of(), COMPILE_TIMEOUT);
			if (result.exitCode() != 0 || !Files.isRegularFile(temporary)) {
				deleteQuietly(temporary);
				throw new IllegalStateException("Compiling " + source + " failed: " + result);
			}
			Files.move(temporary, executable, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		});
		return executable;
	}

	private static boolean isFresh(Path executable, Path source) {
		try {
			return Files.isRegularFile(executable)
					&& Files.getLastModifiedTime(executable).compareTo(Files.getLastModifiedTime(source)) >= 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The environment Wine programs run with: the private prefix, no Mono/Gecko install prompts,
	 * no debug noise.
	 * @return the variables to add to the inherited environment
	 */
	public Map<String, String> environment() {
		return Map.of("WINEPREFIX", prefix().toString(), "WINEDLLOVERRIDES", "mscoree,mshtml=", "WINEDEBUG", "-all");
	}

	/**
	 * Start a Win32 program under Wine (creating the prefix first if needed). Stdin, stdout and
	 * stderr are pipes to the caller.
	 * @param program the {@code .exe}
	 * @param arguments its arguments
	 * @return the running process
	 * @throws IOException if it cannot be started
	 */
	public Process start(Path program, String... arguments) throws IOException {
		ensurePrefix();
		return processBuilder(wineCommand(program, arguments), environment()).start();
	}

	/**
	 * Run a Win32 program under Wine to its end, with its stdin closed.
	 * @param timeout how long it may run before it is killed
	 * @param program the {@code .exe}
	 * @param arguments its arguments
	 * @return exit code and output
	 */
	public Result run(Duration timeout, Path program, String... arguments) {
		ensurePrefix();
		return execute(wineCommand(program, arguments), environment(), timeout);
	}

	private List<String> wineCommand(Path program, String... arguments) {
		requireAvailable();
		List<String> command = new ArrayList<>();
		command.add(this.wine.toString());
		command.add(program.toAbsolutePath().toString());
		command.addAll(List.of(arguments));
		return command;
	}

	/**
	 * Create the private prefix once ({@code wine wineboot --init}, about 5 s). A prefix that was
	 * left half made (no marker file) is removed and made again.
	 */
	public void ensurePrefix() {
		requireAvailable();
		if (this.prefixReady) {
			return;
		}
		Path prefix = prefix();
		Path marker = prefix.resolve(".pipe-ipc-ready");
		withLock(prefix.resolveSibling("wine-prefix.lock"), () -> {
			if (!Files.isRegularFile(marker)) {
				deleteRecursively(prefix);
				Result result = execute(List.of(this.wine.toString(), "wineboot", "--init"), environment(),
						PREFIX_TIMEOUT);
				if (result.exitCode() != 0 || !Files.isDirectory(prefix.resolve("drive_c"))) {
					throw new IllegalStateException("Creating the Wine prefix " + prefix + " failed: " + result);
				}
				Files.writeString(marker, "created by " + WineToolchain.class.getName() + "\n");
			}
		});
		this.prefixReady = true;
	}

	/**
	 * Stop this prefix's {@code wineserver} and every Wine process in it. Only for a clean slate
	 * after a failure; normally the server exits by itself once the last program ends.
	 */
	public void killWineServer() {
		if (this.wineserver != null && Files.isDirectory(prefix())) {
			execute(List.of(this.wineserver.toString(), "-k"), environment(), Duration.ofSeconds(20));
		}
	}

	private void requireAvailable() {
		if (!available()) {
			throw new IllegalStateException("Missing on PATH: " + String.join(", ", missingTools()));
		}
	}

	private static ProcessBuilder processBuilder(List<String> command, Map<String, String> environment) {
		ProcessBuilder builder = new ProcessBuilder(command);
		Map<String, String> env = builder.environment();
		// Headless on every machine, as on CI: no window can pop up from wineboot.
		env.remove("DISPLAY");
		env.remove("WAYLAND_DISPLAY");
		env.putAll(environment);
		return builder;
	}

	/**
	 * Run a command to its end. Output goes to temporary files, not pipes: a program that starts
	 * the {@code wineserver} hands its stdout and stderr down to that daemon and to Wine's service
	 * processes, so a pipe would not reach end-of-file until they exit, seconds later.
	 */
	private static Result execute(List<String> command, Map<String, String> environment, Duration timeout) {
		Path stdout = null;
		Path stderr = null;
		try {
			stdout = Files.createTempFile("wine-stdout", ".txt");
			stderr = Files.createTempFile("wine-stderr", ".txt");
			Process process = processBuilder(command, environment).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
				.redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile())
				.start();
			boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!exited) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
			}
			return new Result(exited ? process.exitValue() : -1, Files.readString(stdout, StandardCharsets.UTF_8),
					Files.readString(stderr, StandardCharsets.UTF_8), !exited);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
		finally {
			deleteQuietly(stdout);
			deleteQuietly(stderr);
		}
	}

	private static File nullFile() {
		return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
	}

	private static void withLock(Path lockFile, IoAction action) {
		synchronized (LOCK) {
			try {
				Files.createDirectories(lockFile.getParent());
				try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
						FileLock lock = channel.lock()) {
					action.run();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private static void deleteQuietly(@Nullable Path path) {
		if (path == null) {
			return;
		}
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			// best effort
		}
	}

	private static @Nullable Path onPath(String tool) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (directory.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(directory, tool);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * This module's directory: Surefire's {@code basedir}, else the working directory, else its
	 * {@code pipe-ipc-autoconfigure} child (a run from the parent directory).
	 */
	private static Path findModuleDirectory() {
		List<Path> candidates = new ArrayList<>();
		String basedir = System.getProperty("basedir");
		if (basedir != null) {
			candidates.add(Path.of(basedir));
		}
		Path working = Path.of(System.getProperty("user.dir"));
		candidates.add(working);
		candidates.add(working.resolve("pipe-ipc-autoconfigure"));
		for (Path candidate : candidates) {
			if (Files.isDirectory(candidate.resolve("src").resolve("test").resolve("win32"))) {
				return candidate.toAbsolutePath().normalize();
			}
		}
		throw new IllegalStateException("Cannot find src/test/win32 from " + candidates);
	}

	@FunctionalInterface
	private interface IoAction {

		void run() throws IOException;

	}

	/**
	 * How a program ended.
	 *
	 * @param exitCode its exit code, {@code -1} if it was killed after the timeout
	 * @param stdout what it wrote to stdout
	 * @param stderr what it wrote to stderr
	 * @param timedOut whether it was killed
	 */
	public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {

		/**
		 * The lines of stdout.
		 * @return the lines, without line ends
		 */
		public List<String> lines() {
			return this.stdout.lines().toList();
		}

	}

}
