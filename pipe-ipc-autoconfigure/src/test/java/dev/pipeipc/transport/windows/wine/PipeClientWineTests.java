package dev.pipeipc.transport.windows.wine;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.ParameterizedTypeReference;

import dev.pipeipc.client.PipeBatch;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeClientContractTests;
import dev.pipeipc.client.PipeClosedException;
import dev.pipeipc.client.PipeConnectException;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.TestPipeServer;
import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeException;
import dev.pipeipc.transport.windows.NamedPipeSettings;
import dev.pipeipc.transport.windows.NamedPipeTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@link PipeClientContractTests client contract} on its Windows path,
 * {@link PipeClient.Builder#namedPipeApi}, against a {@link NamedPipeTransport} server, every Win32
 * call performed for real under Wine: the server's in one {@link WineNamedPipeApi} bridge, the
 * client's in another. Beyond the contract, what only Win32 pipes have: {@code message} framing on
 * both sides, with an answer larger than one read (reassembled from {@code ERROR_MORE_DATA} parts
 * by the client's channel), a batch and a push, and an answer over the client's maximum message
 * size failing its call; and with {@code maxConnections=1} and the one instance
 * held by another client, a call that waits ({@code WaitNamedPipe}) and succeeds once the holder
 * closes, or fails with {@link PipeConnectException} when the holder stays within the connect
 * timeout.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs under Wine; on Windows the client uses JNA")
class PipeClientWineTests extends PipeClientContractTests {

	@RegisterExtension
	static final WineBridges bridges = new WineBridges();

	private final String address = "\\\\.\\pipe\\client-" + UUID.randomUUID().toString().substring(0, 8);

	@Override
	protected TestPipeServer.Builder serverBuilder() {
		return TestPipeServer
			.on(this.address, new NamedPipeTransport(bridges.serverSide(), NamedPipeSettings.defaults()))
			.name("wine-client");
	}

	@Override
	protected PipeClient.Builder clientBuilder() {
		return PipeClient.builder(this.address).namedPipeApi(bridges.clientSide());
	}

	@Override
	protected PipeClient.Builder missingPipeClientBuilder() {
		return PipeClient.builder(this.address + "-missing").namedPipeApi(bridges.clientSide());
	}

	@Test
	void messageFramingOnBothSidesCarriesCallsLargeAnswersBatchesAndPushes() throws InterruptedException {
		startServer(serverBuilder().framing(Framing.MESSAGE));
		PipeClient client = client(clientBuilder().framing(Framing.MESSAGE).connectTimeout(WAIT));
		BlockingQueue<Progress> progress = new LinkedBlockingQueue<>();
		client.onNotification("progress", Progress.class, progress::add);
		assertThat(client.call("items.get", List.of("coffee"), Item.class)).isEqualTo(new Item("coffee", 5));
		// Larger than the pipe buffers and the client's 64 KiB read: read in ERROR_MORE_DATA parts.
		String large = "0123456789".repeat(20_000);
		assertThat(client.call("echo", List.of(large), String.class)).isEqualTo(large);
		PipeBatch batch = client.batch();
		CompletableFuture<Integer> sum = batch.call("add", List.of(1, 2), Integer.class);
		CompletableFuture<Item> item = batch.call("items.get", List.of("tea"), Item.class);
		batch.send();
		assertThat(sum).succeedsWithin(WAIT).isEqualTo(3);
		assertThat(item).succeedsWithin(WAIT).isEqualTo(new Item("tea", 3));
		assertThat(client.call("work", List.of(1), String.class)).isEqualTo("done");
		assertThat(progress.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Progress(1, 1));
	}

	@Test
	void messageOverTheClientsMaximumSizeFailsTheCallInsteadOfHanging() {
		startServer(serverBuilder().framing(Framing.MESSAGE));
		PipeClient client = client(clientBuilder().framing(Framing.MESSAGE).maxMessageSize(1024).connectTimeout(WAIT));
		CompletableFuture<List<Item>> call = client.callAsync("items.list", List.of(500),
				new ParameterizedTypeReference<List<Item>>() {
				});
		assertThat(call).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeClosedException.class)
			.withMessageContaining("exceeds the maximum message size of 1024 bytes");
	}

	@Test
	void callOnABusyPipeWaitsForTheInstanceAndSucceedsOnceTheHolderCloses() throws Exception {
		startServer(serverBuilder().maxConnections(1));
		PipeClient holder = client();
		assertThat(holder.call("echo", List.of("holding"), String.class)).isEqualTo("holding");
		WatchingApi watching = new WatchingApi(bridges.clientSide());
		PipeClient waiting = client(clientBuilder().namedPipeApi(watching).connectTimeout(WAIT));
		CompletableFuture<String> answer = waiting.callAsync("echo", List.of("my turn"), String.class);
		assertThat(watching.waitingForInstance.await(WAIT.toSeconds(), TimeUnit.SECONDS))
			.as("the client waits in WaitNamedPipe")
			.isTrue();
		assertThat(answer).isNotDone();
		holder.close();
		assertThat(answer).succeedsWithin(WAIT).isEqualTo("my turn");
		assertThat(watching.busy.get()).isPositive();
	}

	@Test
	void callOnAPipeThatStaysBusyFailsWithPipeConnectExceptionAfterTheConnectTimeout() {
		startServer(serverBuilder().maxConnections(1));
		PipeClient holder = client();
		assertThat(holder.call("echo", List.of("holding"), String.class)).isEqualTo("holding");
		WatchingApi watching = new WatchingApi(bridges.clientSide());
		PipeClient waiting = client(clientBuilder().namedPipeApi(watching).connectTimeout(Duration.ofMillis(500)));
		long start = System.nanoTime();
		assertThatExceptionOfType(PipeConnectException.class)
			.isThrownBy(() -> waiting.call("echo", List.of("never"), String.class))
			.withMessageContaining("500 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
		assertThat(watching.busy.get()).isPositive();
		assertThat(holder.call("echo", List.of("still holding"), String.class)).isEqualTo("still holding");
	}

	/**
	 * The client bridge, noting when the client finds every instance busy and waits for one.
	 */
	static final class WatchingApi extends DelegatingNamedPipeApi {

		final AtomicInteger busy = new AtomicInteger();

		final CountDownLatch waitingForInstance = new CountDownLatch(1);

		WatchingApi(WineNamedPipeApi delegate) {
			super(delegate);
		}

		@Override
		public long open(String name) throws NamedPipeException {
			try {
				return this.delegate.open(name);
			}
			catch (NamedPipeException ex) {
				if (ex.getErrorCode() == NamedPipeApi.ERROR_PIPE_BUSY) {
					this.busy.incrementAndGet();
				}
				throw ex;
			}
		}

		@Override
		public void awaitInstance(String name, int timeoutMillis) throws NamedPipeException {
			this.waitingForInstance.countDown();
			this.delegate.awaitInstance(name, timeoutMillis);
		}

	}

}
