package dev.pipeipc.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test opened (servers, clients), newest first, after each test, whether it passed
 * or not, then deletes the directory it handed out for the test's sockets. Register it as a field:
 * <pre class="code">
 * &#64;RegisterExtension
 * final CloseAfterEach resources = new CloseAfterEach();
 * </pre>
 */
public final class CloseAfterEach implements AfterEachCallback {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private @Nullable Path directory;

	/**
	 * A path for a socket file in a directory of this test's own, created on first use.
	 * @param fileName the socket file's name
	 * @return the path, not yet bound
	 */
	public Path socket(String fileName) {
		return directory().resolve(fileName);
	}

	/**
	 * The directory of this test's sockets, created on first use and deleted after the test.
	 * @return the directory
	 */
	public synchronized Path directory() {
		if (this.directory == null) {
			try {
				this.directory = Files.createTempDirectory("pipe-test");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return this.directory;
	}

	/**
	 * Close a resource after the test.
	 * @param <T> its type
	 * @param resource the resource
	 * @return the resource
	 */
	public synchronized <T extends AutoCloseable> T add(T resource) {
		this.resources.add(resource);
		return resource;
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		List<AutoCloseable> opened;
		synchronized (this) {
			opened = new ArrayList<>(this.resources);
			this.resources.clear();
		}
		Exception failure = null;
		for (int i = opened.size() - 1; i >= 0; i--) {
			try {
				opened.get(i).close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
		deleteDirectory();
	}

	private void deleteDirectory() throws IOException {
		Path created;
		synchronized (this) {
			created = this.directory;
			this.directory = null;
		}
		if (created == null) {
			return;
		}
		try (Stream<Path> paths = Files.walk(created)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
