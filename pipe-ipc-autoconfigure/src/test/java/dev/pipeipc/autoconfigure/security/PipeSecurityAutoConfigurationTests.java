package dev.pipeipc.autoconfigure.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeInvocationWrapper;
import dev.pipeipc.transport.unix.OtherOsUser;
import dev.pipeipc.transport.unix.UnixSocketTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With Spring Security on the class path, each handler call runs with its peer as the
 * Authentication (user name, a role per OS group), so {@code @PreAuthorize} on
 * {@code @PipeHandler} methods decides; a denial answers {@code -32010} without running the
 * handler.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipeSecurityAutoConfigurationTests {

	private static final String OWN_USER = UnixSocketTransport.currentUser().get(0);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(JacksonAutoConfiguration.class, PipeAutoConfiguration.class,
					PipeSecurityAutoConfiguration.class));

	private Path directory;

	@BeforeEach
	void directoryBothUsersReach() throws IOException {
		this.directory = Files.createTempDirectory(Path.of("/tmp"), "pipe-security");
		Files.setAttribute(this.directory, "unix:mode", 0755);
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	private ApplicationContextRunner secured() {
		return this.runner.withPropertyValues("pipe.server.name=secured", "pipe.server.directory=" + this.directory)
			.withUserConfiguration(SecuredHandlers.class);
	}

	@Test
	void handlerSeesThePeerAsTheAuthenticatedPrincipal() {
		secured().run((context) -> {
			try (PipeClient client = client()) {
				assertThat(client.call("whoami", null, String.class)).isEqualTo(OWN_USER + " authenticated");
			}
		});
	}

	@Test
	void preAuthorizeAdmitsAPeerWhoseGroupGivesTheRole() {
		secured().run((context) -> {
			try (PipeClient client = client()) {
				assertThat(client.call("ownGroupOnly", null, String.class)).isEqualTo("allowed");
			}
		});
	}

	@Test
	void denialAnswersAccessDeniedWithoutRunningTheHandler() {
		secured().run((context) -> {
			try (PipeClient client = client()) {
				assertThatExceptionOfType(JsonRpcException.class)
					.isThrownBy(() -> client.call("teamOnly", null, String.class))
					.satisfies((ex) -> {
						assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.ACCESS_DENIED);
						assertThat(ex.getMessage()).isEqualTo("Access denied");
					});
			}
			assertThat(context.getBean(SecuredHandlers.class).teamCalls).hasValue(0);
		});
	}

	@Test
	void memberOfAnOsGroupPassesTheRoleNamedAfterIt() throws Exception {
		OtherOsUser other = OtherOsUser.require();
		secured().withPropertyValues("pipe.server.access.allowed-users=" + OtherOsUser.NAME).run((context) -> {
			String request = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"teamOnly\"}";
			String answer = other.exchange(this.directory.resolve("secured.sock"),
					"Content-Length: " + request.length() + "\r\n\r\n" + request);
			assertThat(answer).contains("\"result\":\"team work by " + OtherOsUser.NAME + "\"");
			assertThat(context.getBean(SecuredHandlers.class).teamCalls).hasValue(1);
		});
	}

	@Test
	void customConverterReplacesTheDefault() {
		secured().withBean(PipePeerAuthenticationConverter.class, () -> (peer) -> null).run((context) -> {
			assertThat(context).doesNotHaveBean(DefaultPipePeerAuthenticationConverter.class);
			try (PipeClient client = client()) {
				assertThatExceptionOfType(JsonRpcException.class)
					.isThrownBy(() -> client.call("ownGroupOnly", null, String.class))
					.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.ACCESS_DENIED));
			}
		});
	}

	@Test
	void withoutSpringSecurityNoWrapperIsDefined() {
		this.runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PipeInvocationWrapper.class)
				.doesNotHaveBean(PipePeerAuthenticationConverter.class));
	}

	private PipeClient client() {
		return PipeClient.builder("secured").directory(this.directory.toString()).build();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity
	static class SecuredHandlers {

		final AtomicInteger teamCalls = new AtomicInteger();

		@Bean
		RoleNames roleNames() {
			return new RoleNames();
		}

		@Bean
		Handlers securedHandlers() {
			return new Handlers(this);
		}

	}

	static class RoleNames {

		/** The role of this process's primary group: the group of a file it creates. */
		public String ownGroup() throws IOException {
			Path probe = Files.createTempFile("group", ".probe");
			try {
				return Files.readAttributes(probe, PosixFileAttributes.class).group().getName()
					.toUpperCase(Locale.ROOT);
			}
			finally {
				Files.delete(probe);
			}
		}

	}

	static class Handlers {

		private final SecuredHandlers state;

		Handlers(SecuredHandlers state) {
			this.state = state;
		}

		@PipeHandler
		public String whoami() {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			return authentication.getName() + (authentication.isAuthenticated() ? " authenticated" : "");
		}

		@PipeHandler
		@PreAuthorize("hasRole(@roleNames.ownGroup())")
		public String ownGroupOnly() {
			return "allowed";
		}

		@PipeHandler
		@PreAuthorize("hasRole('PIPEIPC-TEAM')")
		public String teamOnly() {
			this.state.teamCalls.incrementAndGet();
			return "team work by " + SecurityContextHolder.getContext().getAuthentication().getName();
		}

	}

}
