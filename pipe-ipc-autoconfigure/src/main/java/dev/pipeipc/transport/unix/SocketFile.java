package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipeAddressConflictException;
import dev.pipeipc.transport.PipeAddressConflictException.Conflict;
import dev.pipeipc.transport.PipeAddressTooLongException;
import dev.pipeipc.transport.PipeDirectoryException;
import dev.pipeipc.transport.PipeInUseException;

/**
 * The socket file of one pipe: checks the path, replaces a stale file nobody listens on, refuses
 * a live one, binds with the configured permissions (owner-only by default), and on close deletes
 * the file only if it is still the one this server created. Its directory must be one no other
 * user can replace the socket in ({@link SocketDirectory}).
 * <p>
 * To leave no moment where other users could connect, the socket is bound in a fresh owner-only
 * directory beside the target, given its permissions there, then linked into place.
 */
final class SocketFile {

	private static final Log logger = LogFactory.getLog(SocketFile.class);

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	/** How many fresh names a staging directory is tried under before binding gives up. */
	private static final int STAGING_ATTEMPTS = 100;

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private final Path path;

	private final UnixSocketSettings settings;

	private @Nullable Object fileKey;

	SocketFile(Path path) {
		this(path, UnixSocketSettings.defaults());
	}

	SocketFile(Path path, UnixSocketSettings settings) {
		this.path = path.toAbsolutePath();
		this.settings = settings;
	}

	Path path() {
		return this.path;
	}

	interface ChannelOpener {

		ServerSocketChannel open() throws IOException;

	}

	ServerSocketChannel bind(ChannelOpener opener) throws IOException {
		checkLength(this.path);
		prepareDirectory();
		replaceIfStale();
		Path staging = stagingPath();
		ServerSocketChannel server = opener.open();
		try {
			if (staging != null) {
				server.bind(UnixSocketTransport.address(staging.resolve("s")), 1024);
				restrictPermissions(staging.resolve("s"), this.settings.socketPermissions());
				moveIntoPlace(staging.resolve("s"));
				Files.deleteIfExists(staging);
			}
			else {
				server.bind(UnixSocketTransport.address(this.path), 1024);
				restrictPermissions(this.path, this.settings.socketPermissions());
			}
			this.fileKey = fileKey(this.path);
			return server;
		}
		catch (IOException | RuntimeException ex) {
			server.close();
			if (staging != null) {
				Files.deleteIfExists(staging.resolve("s"));
				Files.deleteIfExists(staging);
			}
			throw ex;
		}
	}

	private void checkLength(Path path) throws PipeAddressTooLongException {
		int length = path.toString().getBytes(StandardCharsets.UTF_8).length;
		int max = UnixSocketTransport.maxPathBytes();
		if (length > max) {
			throw new PipeAddressTooLongException(path.toString(), length, max, "Unix domain socket paths",
					"Use a shorter directory (such as /tmp) or a shorter socket file name, together at least "
							+ (length - max) + " bytes shorter.");
		}
	}

	private void prepareDirectory() throws IOException {
		Path parent = this.path.getParent();
		if (parent == null) {
			return;
		}
		if (POSIX) {
			SocketDirectory.prepare(parent, this.path.toString(), this.settings.allowSharedDirectory(),
					this.settings.socketPermissions());
			return;
		}
		if (Files.isDirectory(parent)) {
			return;
		}
		try {
			Files.createDirectories(parent);
		}
		catch (IOException ex) {
			throw new PipeDirectoryException(this.path.toString(), parent.toString(), ex);
		}
	}

	private void replaceIfStale() throws IOException {
		if (!Files.exists(this.path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!Files.readAttributes(this.path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
			throw new PipeAddressConflictException(this.path.toString(), Conflict.NOT_A_SOCKET, null);
		}
		try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			probe.connect(UnixSocketTransport.address(this.path));
		}
		catch (ConnectException ex) {
			logger.info("Replacing stale socket file '" + this.path + "' that no server listens on");
			Files.deleteIfExists(this.path);
			return;
		}
		catch (SocketException ex) {
			throw new PipeAddressConflictException(this.path.toString(), Conflict.CANNOT_PROBE, ex);
		}
		throw new PipeInUseException(this.path.toString());
	}

	private @Nullable Path stagingPath() throws IOException {
		Path parent = this.path.getParent();
		if (parent == null || !POSIX) {
			return null;
		}
		Path staging = createStagingDirectory(parent);
		if (staging.resolve("s").toString().getBytes(StandardCharsets.UTF_8).length > UnixSocketTransport
			.maxPathBytes()) {
			Files.delete(staging);
			return null;
		}
		return staging;
	}

	/**
	 * Make a fresh owner-only directory in the socket's directory. Named from a
	 * {@link ThreadLocalRandom} rather than with {@link Files#createTempDirectory}, whose own
	 * {@code SecureRandom} (SHA1PRNG and its digest: 40 classes, a tenth of those the starter
	 * added) a start would otherwise load and seed: the name needs no secrecy, since the
	 * directory is made atomically and refused if anything exists at that name (another name is
	 * tried then), in a directory {@link SocketDirectory} has found no other user can rename or
	 * remove its entries in.
	 */
	private static Path createStagingDirectory(Path parent) throws IOException {
		FileAlreadyExistsException taken = null;
		for (int attempt = 0; attempt < STAGING_ATTEMPTS; attempt++) {
			Path candidate = parent
				.resolve(".pipe" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), Character.MAX_RADIX));
			try {
				return Files.createDirectory(candidate, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
			}
			catch (FileAlreadyExistsException ex) {
				taken = ex;
			}
		}
		throw Objects.requireNonNull(taken);
	}

	/**
	 * Link the staged socket to its final path: unlike a rename, {@code link(2)} never replaces an
	 * existing file, so a server that won a race to the same path keeps it.
	 */
	private void moveIntoPlace(Path staged) throws IOException {
		try {
			Files.createLink(this.path, staged);
		}
		catch (FileAlreadyExistsException ex) {
			throw new PipeInUseException(this.path.toString());
		}
		Files.delete(staged);
	}

	private static void restrictPermissions(Path socket, Set<PosixFilePermission> permissions) throws IOException {
		if (POSIX) {
			Files.setPosixFilePermissions(socket, permissions);
		}
	}

	private static @Nullable Object fileKey(Path path) {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Delete the socket file, unless another server has replaced it since this one bound.
	 */
	void delete() {
		try {
			Object current = fileKey(this.path);
			if (current != null && Objects.equals(current, this.fileKey)) {
				Files.deleteIfExists(this.path);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not delete socket file '" + this.path + "'", ex);
		}
	}

}
