package dev.pipeipc.autoconfigure.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.transport.PipePeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The wrapper sets the peer's authentication for the call only, converts it once per connection,
 * and turns a refusal into {@code -32010} without details.
 */
class SecurityContextInvocationWrapperTests {

	private static final PipePeer ALICE = new PipePeer("alice", "staff", 42, "1001", "50",
			List.of(new PipePeer.Group("staff", "50"), new PipePeer.Group("pipe-admins", "2000"),
					new PipePeer.Group(null, "3000")));

	private final SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	private final AtomicInteger conversions = new AtomicInteger();

	private final SecurityContextInvocationWrapper wrapper = new SecurityContextInvocationWrapper((peer) -> {
		this.conversions.incrementAndGet();
		return new DefaultPipePeerAuthenticationConverter().convert(peer);
	}, this.strategy);

	@AfterEach
	void clear() {
		this.strategy.clearContext();
	}

	@Test
	void handlerRunsWithThePeerAsPreAuthenticatedPrincipalAndARolePerNamedGroup() throws Throwable {
		Object seen = this.wrapper.invoke(new FakeSession(ALICE), () -> this.strategy.getContext().getAuthentication());
		assertThat(seen).isInstanceOfSatisfying(PipePeerAuthenticationToken.class, (token) -> {
			assertThat(token.getName()).isEqualTo("alice");
			assertThat(token.getPrincipal()).isEqualTo("alice");
			assertThat(token.isAuthenticated()).isTrue();
			assertThat(token.getPeer()).isSameAs(ALICE);
			assertThat(token.getAuthorities()).extracting(GrantedAuthority::getAuthority)
				.containsExactly("ROLE_STAFF", "ROLE_PIPE-ADMINS");
		});
	}

	@Test
	void contextIsClearedAfterTheCallEvenWhenTheHandlerThrows() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.wrapper
			.invoke(new FakeSession(ALICE), () -> {
				throw new IllegalStateException("handler failed");
			}));
		assertThat(this.strategy.getContext().getAuthentication()).isNull();
	}

	@Test
	void authenticationIsConvertedOncePerConnection() throws Throwable {
		FakeSession session = new FakeSession(ALICE);
		this.wrapper.invoke(session, () -> null);
		this.wrapper.invoke(session, () -> null);
		this.wrapper.invoke(new FakeSession(ALICE), () -> null);
		assertThat(this.conversions).hasValue(2);
	}

	@Test
	void accessDeniedBecomesAccessDeniedErrorWithoutItsReason() {
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> this.wrapper
			.invoke(new FakeSession(ALICE), () -> {
				throw new AccessDeniedException("needs ROLE_ROOT, alice is staff");
			})).satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.ACCESS_DENIED);
				assertThat(ex.getMessage()).isEqualTo("Access denied");
				assertThat(ex.getCause()).isNull();
			});
	}

	@Test
	void unknownPeerRunsUnauthenticatedAndItsRefusalIsAccessDenied() {
		FakeSession unknown = new FakeSession(null);
		assertThatExceptionOfType(JsonRpcException.class).isThrownBy(() -> this.wrapper.invoke(unknown, () -> {
			Authentication authentication = this.strategy.getContext().getAuthentication();
			if (authentication == null) {
				throw new AuthenticationCredentialsNotFoundException("no authentication");
			}
			return authentication;
		})).satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.ACCESS_DENIED));
	}

	private static final class FakeSession implements PipeSession {

		private final @Nullable PipePeer peer;

		private final Map<String, Object> attributes = new HashMap<>();

		FakeSession(@Nullable PipePeer peer) {
			this.peer = peer;
		}

		@Override
		public long id() {
			return 1;
		}

		@Override
		public String serverName() {
			return "orders";
		}

		@Override
		public Optional<PipePeer> peer() {
			return Optional.ofNullable(this.peer);
		}

		@Override
		public Map<String, Object> attributes() {
			return this.attributes;
		}

		@Override
		public void notify(String method, @Nullable Object params) {
		}

		@Override
		public boolean isOpen() {
			return true;
		}

	}

}
