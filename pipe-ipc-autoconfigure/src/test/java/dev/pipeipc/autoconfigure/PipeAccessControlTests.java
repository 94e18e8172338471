package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.transport.PipePeerAuthorizer;
import dev.pipeipc.transport.unix.OtherOsUser;

import static dev.pipeipc.autoconfigure.JsonRpcSocketCall.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may use a pipe, shown with a second OS user: by default the socket's permissions keep
 * them out; an allow-list of users or groups (or an authorizer bean) admits exactly the listed
 * ones, and every other peer is closed when it connects, before any of its bytes is read, while
 * the server's own user keeps being served.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipeAccessControlTests {

	private static final String ADD = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":[2,3]}";

	private static final String FRAME = "Content-Length: " + ADD.length() + "\r\n\r\n" + ADD;

	private OtherOsUser other;

	private Path directory;

	private Path socket;

	@BeforeEach
	void directoryBothUsersReach() throws IOException {
		this.other = OtherOsUser.require();
		this.directory = Files.createTempDirectory(Path.of("/tmp"), "pipe-access");
		Files.setAttribute(this.directory, "unix:mode", 0755);
		this.socket = this.directory.resolve("orders.sock");
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		if (this.directory != null) {
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration(this.directory)
			.withPropertyValues("pipe.server.name=orders")
			.withUserConfiguration(PipeAutoConfigurationTests.Handlers.class);
	}

	@Test
	void byDefaultAnotherUserCannotEvenConnectWhileTheOwnerIsServed() {
		runner().run((context) -> {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.socket)))
				.isEqualTo("rw-------");
			assertThat(this.other.exchange(this.socket, FRAME)).contains("Permission denied");
			assertOwnerServed();
		});
	}

	@Test
	void listedUserIsServed() {
		runner().withPropertyValues("pipe.server.access.allowed-users=" + OtherOsUser.NAME).run((context) -> {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.socket)))
				.isEqualTo("rw-rw-rw-");
			assertThat(this.other.exchange(this.socket, FRAME)).contains("\"result\":5");
			assertOwnerServed();
		});
	}

	@Test
	void listedUserIdIsServed() {
		runner().withPropertyValues("pipe.server.access.allowed-users=" + this.other.uid())
			.run((context) -> assertThat(this.other.exchange(this.socket, FRAME)).contains("\"result\":5"));
	}

	@Test
	void membersOfAListedSupplementaryGroupAreServed() {
		runner().withPropertyValues("pipe.server.access.allowed-groups=" + OtherOsUser.GROUP)
			.run((context) -> assertThat(this.other.exchange(this.socket, FRAME)).contains("\"result\":5"));
	}

	@Test
	void unlistedUserIsClosedBeforeAnyByteIsReadAndTheRefusalIsLoggedNamingThePeer(CapturedOutput output) {
		runner().withPropertyValues("pipe.server.access.allowed-users=nobody").run((context) -> {
			assertThat(this.other.exchange(this.socket, FRAME)).doesNotContain("jsonrpc");
			assertThat(output).contains("Pipe 'orders' refused a connection from user '" + OtherOsUser.NAME + "' (id "
					+ this.other.uid() + ", pid ", "before reading from it: it is not allowed");
			assertThat(context.getBean(dev.pipeipc.server.PipeServer.class).getOpenConnections()).isZero();
			assertOwnerServed();
		});
	}

	@Test
	void authorizerBeanMustAdmitAPeerTheAllowListAdmits() {
		runner().withPropertyValues("pipe.server.access.allowed-users=" + OtherOsUser.NAME)
			.withUserConfiguration(RefuseOtherUser.class)
			.run((context) -> {
				assertThat(this.other.exchange(this.socket, FRAME)).doesNotContain("jsonrpc");
				assertOwnerServed();
			});
	}

	@Test
	void socketPermissionsAlonePermitEveryoneWhenSetWithoutAnAllowList() {
		runner().withPropertyValues("pipe.server.access.socket-permissions=rw-rw-rw-")
			.run((context) -> assertThat(this.other.exchange(this.socket, FRAME)).contains("\"result\":5"));
	}

	@Test
	void socketPermissionsWithAnExecuteBitFailStartupNamingTheProperty() {
		runner().withPropertyValues("pipe.server.access.socket-permissions=rwxrwxrwx").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("pipe.server.access.socket-permissions")
				.hasStackTraceContaining("'rwxrwxrwx'")
				.hasStackTraceContaining("read and write bits only");
		});
	}

	private void assertOwnerServed() throws IOException {
		assertThat(call(this.socket, "add", "[2,3]").get("result").asInt()).isEqualTo(5);
	}

	@Configuration(proxyBeanMethods = false)
	static class RefuseOtherUser {

		@Bean
		PipePeerAuthorizer refuseOtherUser() {
			return (peer) -> !OtherOsUser.NAME.equals(peer.user());
		}

	}


}
