package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pipeipc.transport.PipeAddressConflictException;
import dev.pipeipc.transport.PipeAddressConflictException.Conflict;
import dev.pipeipc.transport.PipeAddressTooLongException;
import dev.pipeipc.transport.PipeDirectoryException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The socket file's refusals, each a typed exception carrying the facts and speaking only of the
 * transport: paths, directories and limits, never how the application configured them.
 */
class SocketFileTests {

	@TempDir
	Path directory;

	private int channelsOpened;

	@Test
	void pathOverTheLimitFailsWithItsLengthAndTheLimitBeforeOpeningAChannel() {
		int limit = UnixSocketTransport.maxPathBytes();
		Path socket = this.directory.resolve("s".repeat(limit));
		int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
		assertThatExceptionOfType(PipeAddressTooLongException.class)
			.isThrownBy(() -> new SocketFile(socket).bind(this::open))
			.satisfies((ex) -> {
				assertThat(ex.getAddress()).isEqualTo(socket.toString());
				assertThat(ex.getLength()).isEqualTo(length);
				assertThat(ex.getLimit()).isEqualTo(limit);
				assertThat(ex.getExcess()).isEqualTo(length - limit);
				assertThat(ex.getProblem()).contains(socket.toString(), length + " bytes",
						limit + "-byte limit of Unix domain socket paths");
				assertThat(ex.getAction()).contains((length - limit) + " bytes shorter");
				assertSpeaksOnlyOfTheTransport(ex.getMessage());
			});
		assertThat(this.channelsOpened).isZero();
		assertThat(socket).doesNotExist();
	}

	@Test
	void directoryThatCannotBeCreatedFailsNamingIt() throws IOException {
		Path blocker = Files.writeString(this.directory.resolve("blocker"), "a file, not a directory");
		Path socket = blocker.resolve("sub").resolve("p.sock");
		assertThatExceptionOfType(PipeDirectoryException.class).isThrownBy(() -> new SocketFile(socket).bind(this::open))
			.satisfies((ex) -> {
				assertThat(ex.getDirectory()).isEqualTo(socket.getParent().toString());
				assertThat(ex.getProblem()).contains("'" + socket.getParent() + "'", "'" + socket + "'");
				assertThat(ex.getCause()).isInstanceOf(IOException.class);
				assertSpeaksOnlyOfTheTransport(ex.getMessage());
			});
		assertThat(this.channelsOpened).isZero();
	}

	@Test
	void fileThatIsNotASocketIsLeftUntouchedAndNamed() throws IOException {
		Path socket = Files.writeString(this.directory.resolve("p.sock"), "precious");
		assertThatExceptionOfType(PipeAddressConflictException.class)
			.isThrownBy(() -> new SocketFile(socket).bind(this::open))
			.satisfies((ex) -> {
				assertThat(ex.getConflict()).isEqualTo(Conflict.NOT_A_SOCKET);
				assertThat(ex.getProblem()).contains("'" + socket + "'", "not a socket");
				assertSpeaksOnlyOfTheTransport(ex.getMessage());
			});
		assertThat(Files.readString(socket)).isEqualTo("precious");
		assertThat(this.channelsOpened).isZero();
	}

	private ServerSocketChannel open() throws IOException {
		this.channelsOpened++;
		return ServerSocketChannel.open(StandardProtocolFamily.UNIX);
	}

	private static void assertSpeaksOnlyOfTheTransport(String message) {
		assertThat(message).doesNotContain("pipe.server", "pipe.servers", "property");
	}

}
