package dev.pipeipc.server.access;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pipeipc.transport.PipePeer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An allow-list admits a peer by its user or any of its groups, each by name or id, and always
 * the server's own user.
 */
class PeerAllowListTests {

	private static final PipePeer ALICE = new PipePeer("alice", "alice", 42, "1001", "1001",
			List.of(new PipePeer.Group("alice", "1001"), new PipePeer.Group("ops", "2000")));

	@Test
	void userIsAdmittedByName() {
		assertThat(new PeerAllowList(List.of("alice"), List.of(), List.of("app")).isAllowed(ALICE)).isTrue();
	}

	@Test
	void userIsAdmittedByNumericId() {
		assertThat(new PeerAllowList(List.of(" 1001 "), List.of(), List.of("app")).isAllowed(ALICE)).isTrue();
	}

	@Test
	void supplementaryGroupAdmitsByNameAndById() {
		assertThat(new PeerAllowList(List.of(), List.of("ops"), List.of("app")).isAllowed(ALICE)).isTrue();
		assertThat(new PeerAllowList(List.of(), List.of("2000"), List.of("app")).isAllowed(ALICE)).isTrue();
	}

	@Test
	void peerNeitherListedNorInAListedGroupIsRefused() {
		assertThat(new PeerAllowList(List.of("bob"), List.of("admins", ""), List.of("app")).isAllowed(ALICE)).isFalse();
	}

	@Test
	void serversOwnUserIsAlwaysAdmitted() {
		PipePeer app = new PipePeer("app", "app", 7, "999", "999", List.of());
		assertThat(new PeerAllowList(List.of("bob"), List.of(), List.of("app", "999")).isAllowed(app)).isTrue();
	}

	@Test
	void peerKnownByNameOnlyIsNotAdmittedByAnId() {
		PipePeer named = new PipePeer("alice", "alice", -1);
		assertThat(new PeerAllowList(List.of("1001"), List.of("1001"), List.of("app")).isAllowed(named)).isFalse();
	}

}
