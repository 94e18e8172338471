package dev.pipeipc.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded wait of a closing listener for its connections, with plain objects for connections.
 */
class LiveConnectionsTests {

	private final LiveConnections<String> connections = new LiveConnections<>();

	@Test
	void waitWithoutConnectionsReturnsAtOnce() {
		assertThat(this.connections.awaitEmpty(0)).isTrue();
	}

	@Test
	void waitEndsWhenAnotherThreadRemovesTheLastConnection() throws Exception {
		this.connections.add("one");
		this.connections.add("two");
		CountDownLatch waiting = new CountDownLatch(1);
		CompletableFuture<Boolean> emptied = CompletableFuture.supplyAsync(() -> {
			waiting.countDown();
			return this.connections.awaitEmpty(TimeUnit.SECONDS.toMillis(30));
		});
		assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
		this.connections.remove("one");
		assertThat(this.connections.size()).isOne();
		this.connections.remove("two");
		assertThat(emptied.get(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void waitGivesUpAtTheTimeoutWhileAConnectionStaysOpen() {
		this.connections.add("stuck");
		long start = System.nanoTime();
		assertThat(this.connections.awaitEmpty(50)).isFalse();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(49);
		assertThat(this.connections).containsExactly("stuck");
	}

	@Test
	void interruptEndsTheWaitAndStaysSet() {
		this.connections.add("stuck");
		Thread.currentThread().interrupt();
		try {
			assertThat(this.connections.awaitEmpty(TimeUnit.SECONDS.toMillis(30))).isFalse();
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void removingAnUnknownConnectionChangesNothing() {
		this.connections.add("one");
		this.connections.remove("other");
		assertThat(this.connections.isEmpty()).isFalse();
		assertThat(this.connections).containsExactly("one");
	}

}
