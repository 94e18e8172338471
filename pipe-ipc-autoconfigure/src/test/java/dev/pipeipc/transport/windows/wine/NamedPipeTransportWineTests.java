package dev.pipeipc.transport.windows.wine;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;
import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeException;
import dev.pipeipc.transport.windows.NamedPipeSettings;
import dev.pipeipc.transport.windows.NamedPipeTransport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The named pipe transport's own logic under real Win32 semantics (Wine): instance management as
 * clients come and go, listening again after a client that left before {@code ConnectNamedPipe}
 * returned, and stopping with a connect pending, leaving no handle open.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs under Wine")
class NamedPipeTransportWineTests {

	@RegisterExtension
	static final WineBridges bridges = new WineBridges();

	private static String newName() {
		return "\\\\.\\pipe\\transport-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void clientsThatLeaveAtOnceNeverStopTheServer() throws Exception {
		String name = newName();
		HandleCounting api = new HandleCounting(bridges.serverSide());
		try (TestPipeServer server = TestPipeServer.on(name, new NamedPipeTransport(api, NamedPipeSettings.defaults()))
			.maxConnections(2)
			.start()) {
			for (int i = 0; i < 20; i++) {
				WinePipeClientChannel.open(bridges.clientSide(), name).close();
			}
			try (PipeTestClient client = PipeTestClient.over(WinePipeClientChannel.open(bridges.clientSide(), name),
					Framing.CONTENT_LENGTH)) {
				assertThat(client.call(PipeTestClient.request(1, "echo", "[\"after churn\"]")).toString())
					.contains("after churn");
			}
			assertThat(api.open.size()).isLessThanOrEqualTo(2);
		}
		assertThat(api.open).isEmpty();
		assertThat(bridges.serverSide().exists(name)).isFalse();
	}

	@Test
	void nameStaysHeldWhileTheOnlyInstanceChangesHands() throws Exception {
		String name = newName();
		try (TestPipeServer server = TestPipeServer.on(name, new NamedPipeTransport(bridges.serverSide(), NamedPipeSettings.defaults()))
			.maxConnections(1)
			.start()) {
			for (int i = 0; i < 5; i++) {
				try (PipeTestClient client = PipeTestClient.over(WinePipeClientChannel.open(bridges.clientSide(), name),
						Framing.CONTENT_LENGTH)) {
					assertThat(client.call(PipeTestClient.request(i, "echo", "[" + i + "]")).toString())
						.contains("\"result\":" + i);
					assertThat(bridges.clientSide().exists(name)).isTrue();
				}
				assertThat(bridges.clientSide().exists(name)).isTrue();
			}
		}
	}

	@Test
	void stopWithAConnectPendingReturnsAndClosesEveryHandle() {
		String name = newName();
		HandleCounting api = new HandleCounting(bridges.serverSide());
		TestPipeServer server = TestPipeServer.on(name, new NamedPipeTransport(api, NamedPipeSettings.defaults())).start();
		assertThat(api.open).hasSize(1);
		long started = System.nanoTime();
		server.stop();
		assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5000);
		assertThat(api.open).isEmpty();
		assertThat(bridges.serverSide().exists(name)).isFalse();
	}

	/**
	 * Delegates every call and keeps the set of instance handles created and not yet closed.
	 */
	static final class HandleCounting extends DelegatingNamedPipeApi {

		final Set<Long> open = ConcurrentHashMap.newKeySet();


		HandleCounting(NamedPipeApi delegate) {
			super(delegate);
		}

		@Override
		public long create(String name, boolean firstInstance, int maxInstances, int outBufferSize, int inBufferSize,
				@Nullable String sddl, boolean rejectRemoteClients) throws NamedPipeException {
			long handle = this.delegate.create(name, firstInstance, maxInstances, outBufferSize, inBufferSize, sddl,
					rejectRemoteClients);
			this.open.add(handle);
			return handle;
		}







		@Override
		public void close(long handle) {
			this.open.remove(handle);
			this.delegate.close(handle);
		}




	}

}
