package dev.pipeipc.transport.unix;

import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pipeipc.FreshClassLoader;
import dev.pipeipc.transport.PipeListenOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native socket control is looked for when the first connection arrives, on a thread of its
 * own, and every call made before the search ends waits for it: with recording doubles for the
 * search, then with a real server in a class loader of its own, where JNA is loaded only once a
 * client connects.
 */
class DeferredSocketControlTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	@Test
	void searchesOnlyWhenPreparedAndOnlyOnce() {
		AtomicInteger searches = new AtomicInteger();
		DeferredSocketControl control = new DeferredSocketControl(() -> {
			searches.incrementAndGet();
			return NativeSocketControl.NONE;
		});
		control.resolve(List.of());
		assertThat(searches).hasValue(0);
		control.prepare();
		control.prepare();
		Awaitility.await().atMost(TIMEOUT).until(() -> searches.get() == 1);
		assertThat(control.isAvailable()).isFalse();
		assertThat(searches).hasValue(1);
	}

	@Test
	void callsBeforeTheSearchEndsWaitForItsResult() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		DeferredSocketControl control = new DeferredSocketControl(() -> {
			awaitQuietly(release);
			return new AvailableControl();
		});
		control.prepare();
		CompletableFuture<Boolean> gone = CompletableFuture.supplyAsync(() -> control.isPeerGone(null));
		CompletableFuture<Boolean> shut = CompletableFuture.supplyAsync(() -> control.shutdownInput(null));
		assertThat(gone.completeOnTimeout(null, 200, TimeUnit.MILLISECONDS).join()).as("answered before the search ended")
			.isNull();
		release.countDown();
		assertThat(CompletableFuture.supplyAsync(() -> control.isPeerGone(null)).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(shut.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(control.isAvailable()).isTrue();
	}

	@Test
	void aSearchThatThrowsLeavesTheJdksWay() {
		DeferredSocketControl control = new DeferredSocketControl(() -> {
			throw new UnsatisfiedLinkError("deliberately: no native library");
		});
		assertThat(control.isAvailable()).isFalse();
		assertThat(control.isPeerGone(null)).isFalse();
	}

	/**
	 * In a class loader of its own, a Unix server opens without loading JNA, and loads it when a
	 * client connects.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void aServerLoadsJnaWhenItsFirstClientConnects() throws Exception {
		assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "Native socket control is Linux only");
		Path socket = this.directory.resolve("deferred.sock");
		try (FreshClassLoader loader = new FreshClassLoader()) {
			Function<Path, AutoCloseable> opener = (Function<Path, AutoCloseable>) loader
				.loadClass(ServerOpener.class.getName())
				.getDeclaredConstructor()
				.newInstance();
			try (AutoCloseable server = opener.apply(socket)) {
				assertThat(loader.hasLoaded("com.sun.jna.Native")).as("JNA loaded by an open server").isFalse();
				try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
					Awaitility.await()
						.atMost(TIMEOUT)
						.until(() -> loader.hasLoaded("com.sun.jna.Native")
								&& loader.hasLoaded(LinuxSocketControl.class.getName()));
				}
			}
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Opens a Unix server with a handler that reads and ignores; loaded by the test's fresh class
	 * loader, so everything it uses is loaded there.
	 */
	public static final class ServerOpener implements Function<Path, AutoCloseable> {

		@Override
		public AutoCloseable apply(Path socket) {
			try {
				return new UnixSocketTransport(1).listen(
						new PipeListenOptions("deferred", socket.toString(), -1, null, false, 1024),
						new RecordingConnectionListener((connection) -> new IgnoringHandler()));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	private static final class AvailableControl implements NativeSocketControl {

		@Override
		public boolean shutdownInput(UnixSocketConnection connection) {
			return true;
		}

		@Override
		public boolean isPeerGone(UnixSocketConnection connection) {
			return true;
		}

		@Override
		public void resolve(Collection<UnixSocketConnection> connections) {
		}

		@Override
		public boolean isAvailable() {
			return true;
		}

	}

}
