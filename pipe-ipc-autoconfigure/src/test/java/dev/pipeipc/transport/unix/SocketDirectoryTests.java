package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pipeipc.transport.PipeAddresses;
import dev.pipeipc.transport.PipeDirectoryTrustException;
import dev.pipeipc.transport.PipePeerAuthorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The socket directory rule: a server binds only where no other user can rename its socket away,
 * that is in directories (the socket's and every one above it) owned by its user or root and not
 * writable by group or others unless sticky; and the default directory under the temp directory
 * is a real, private directory of its own.
 */
class SocketDirectoryTests {

	private static final int OTHER_UID = 54321;

	@TempDir
	Path directory;

	private String savedTmpdir = "";

	@BeforeEach
	void useTempDirectoryAsTmpdir() {
		this.savedTmpdir = System.getProperty("java.io.tmpdir");
		System.setProperty("java.io.tmpdir", this.directory.toString());
	}

	@AfterEach
	void restoreTmpdir() {
		System.setProperty("java.io.tmpdir", this.savedTmpdir);
	}

	@Test
	void privateDirectoryOwnedByThisUserIsTrusted() throws IOException {
		Path socket = Files.createDirectory(this.directory.resolve("mine")).resolve("p.sock");
		bind(socket, false).close();
		assertThat(socket).exists();
	}

	@Test
	void directoryWritableByOthersWithoutStickyBitIsRefusedNamingOwnerAndMode() throws IOException {
		Path shared = Files.createDirectory(this.directory.resolve("shared"));
		Files.setAttribute(shared, "unix:mode", 0777);
		Path socket = shared.resolve("p.sock");
		assertThatExceptionOfType(PipeDirectoryTrustException.class).isThrownBy(() -> bind(socket, false))
			.satisfies((ex) -> {
				assertThat(ex.getDirectory()).isEqualTo(shared.toString());
				assertThat(ex.getMode()).isEqualTo("rwxrwxrwx");
				assertThat(ex.getOwner()).isEqualTo(CurrentUser.name());
				assertThat(ex.getProblem()).contains("'" + shared + "'", "mode rwxrwxrwx", "'" + socket + "'",
						"no sticky bit");
			});
		assertThat(socket).doesNotExist();
	}

	@Test
	void directoryWritableByItsGroupIsRefused() throws IOException {
		Path shared = Files.createDirectory(this.directory.resolve("team"));
		Files.setAttribute(shared, "unix:mode", 0770);
		assertThatExceptionOfType(PipeDirectoryTrustException.class)
			.isThrownBy(() -> bind(shared.resolve("p.sock"), false))
			.satisfies((ex) -> assertThat(ex.getMode()).isEqualTo("rwxrwx---"));
	}

	@Test
	void stickyDirectoryWritableByOthersIsTrustedBecauseOnlyTheOwnerMayRenameTheSocket() throws IOException {
		Path sticky = Files.createDirectory(this.directory.resolve("sticky"));
		Files.setAttribute(sticky, "unix:mode", 01777);
		bind(sticky.resolve("p.sock"), false).close();
	}

	@Test
	void directoryOwnedByAnotherUserIsRefused() throws IOException {
		assumeTrue(CurrentUser.uid() == CurrentUser.ROOT, "changing a directory's owner needs root");
		Path theirs = Files.createDirectory(this.directory.resolve("theirs"));
		Files.setAttribute(theirs, "unix:uid", OTHER_UID);
		assertThatExceptionOfType(PipeDirectoryTrustException.class)
			.isThrownBy(() -> bind(theirs.resolve("p.sock"), false))
			.satisfies((ex) -> {
				assertThat(ex.getOwner()).isEqualTo(Integer.toString(OTHER_UID));
				assertThat(ex.getProblem()).contains("belongs to another user");
			});
	}

	@Test
	void privateDirectoryUnderADirectoryWritableByOthersIsRefused() throws IOException {
		Path shared = Files.createDirectory(this.directory.resolve("shared"));
		Files.setAttribute(shared, "unix:mode", 0777);
		Path mine = Files.createDirectory(shared.resolve("mine"));
		assertThatExceptionOfType(PipeDirectoryTrustException.class)
			.isThrownBy(() -> bind(mine.resolve("p.sock"), false))
			.satisfies((ex) -> assertThat(ex.getDirectory()).isEqualTo(shared.toString()));
	}

	@Test
	void symbolicLinkLeadingToADirectoryWritableByOthersIsRefused() throws IOException {
		Path shared = Files.createDirectory(this.directory.resolve("shared"));
		Files.setAttribute(shared, "unix:mode", 0777);
		Path link = Files.createSymbolicLink(this.directory.resolve("link"), shared);
		assertThatExceptionOfType(PipeDirectoryTrustException.class)
			.isThrownBy(() -> bind(link.resolve("p.sock"), false))
			.satisfies((ex) -> assertThat(ex.getDirectory()).isEqualTo(shared.toString()));
	}

	@Test
	void sharedDirectoryIsServedWhenAllowed() throws IOException {
		Path shared = Files.createDirectory(this.directory.resolve("shared"));
		Files.setAttribute(shared, "unix:mode", 0777);
		Path socket = shared.resolve("p.sock");
		bind(socket, true).close();
		assertThat(socket).exists();
	}

	@Test
	void missingDirectoryIsCreatedOwnerOnly() throws IOException {
		Path socket = this.directory.resolve("a").resolve("b").resolve("p.sock");
		bind(socket, false).close();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void defaultDirectoryIsAPrivateDirectoryOfTheUserUnderTheTempDirectory() throws IOException {
		Path socket = Path.of(PipeAddresses.unixSocketPath("orders", null, null));
		assertThat(socket.getParent()).isEqualTo(this.directory.resolve("pipe-ipc-" + System.getProperty("user.name")));
		bind(socket, false).close();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
			.isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
	}

	@Test
	void defaultDirectoryThatIsASymbolicLinkIsRefusedEvenToThisUsersOwnDirectory() throws IOException {
		Path target = Files.createDirectory(this.directory.resolve("elsewhere"));
		Files.createSymbolicLink(PipeAddresses.privateTempDirectory(), target);
		Path socket = PipeAddresses.privateTempDirectory().resolve("p.sock");
		assertThatExceptionOfType(PipeDirectoryTrustException.class).isThrownBy(() -> bind(socket, false))
			.satisfies((ex) -> assertThat(ex.getProblem()).contains("symbolic link"));
		assertThat(target).isEmptyDirectory();
	}

	@Test
	void defaultDirectoryCreatedFirstByAnotherUserIsRefusedEvenWhenSharedDirectoriesAreAllowed() throws IOException {
		assumeTrue(CurrentUser.uid() == CurrentUser.ROOT, "changing a directory's owner needs root");
		Path squatted = Files.createDirectory(PipeAddresses.privateTempDirectory());
		Files.setAttribute(squatted, "unix:uid", OTHER_UID);
		assertThatExceptionOfType(PipeDirectoryTrustException.class)
			.isThrownBy(() -> bind(squatted.resolve("p.sock"), true))
			.satisfies((ex) -> assertThat(ex.getProblem()).contains("belongs to another user"));
	}

	@Test
	void defaultDirectoryWritableByOthersIsRefusedRatherThanRepaired() throws IOException {
		Path opened = Files.createDirectory(PipeAddresses.privateTempDirectory());
		Files.setAttribute(opened, "unix:mode", 0733);
		assertThatExceptionOfType(PipeDirectoryTrustException.class)
			.isThrownBy(() -> bind(opened.resolve("p.sock"), false))
			.satisfies((ex) -> assertThat(ex.getMode()).isEqualTo("rwx-wx-wx"));
	}

	@Test
	void defaultDirectoryBecomesSearchableByOthersOnlyWhenTheSocketLetsThemConnect() throws IOException {
		Path socket = PipeAddresses.privateTempDirectory().resolve("p.sock");
		UnixSocketSettings open = new UnixSocketSettings(PosixFilePermissions.fromString("rw-rw-rw-"), false,
				PipePeerAuthorizer.ALLOW_ALL);
		new SocketFile(socket, open).bind(SocketDirectoryTests::open).close();
		assertThat(PosixFilePermissions.toString(
				Files.getPosixFilePermissions(socket.getParent(), LinkOption.NOFOLLOW_LINKS)))
			.isEqualTo("rwx--x--x");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw-rw-");
	}

	private static ServerSocketChannel bind(Path socket, boolean allowShared) throws IOException {
		UnixSocketSettings settings = new UnixSocketSettings(UnixSocketSettings.OWNER_ONLY, allowShared,
				PipePeerAuthorizer.ALLOW_ALL);
		return new SocketFile(socket, settings).bind(SocketDirectoryTests::open);
	}

	private static ServerSocketChannel open() throws IOException {
		return ServerSocketChannel.open(StandardProtocolFamily.UNIX);
	}

}
