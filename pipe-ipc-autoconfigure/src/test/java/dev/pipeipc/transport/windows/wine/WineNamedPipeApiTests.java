package dev.pipeipc.transport.windows.wine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeApi.ReadResult;
import dev.pipeipc.transport.windows.NamedPipeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Win32 named pipe behaviour a server depends on (the table in {@code WIN32-PIPES.md}),
 * observed through {@link WineNamedPipeApi}: real Win32 calls under Wine, with the bridge acting
 * as the client too.
 * <p>
 * Why: the Windows transport is written against {@link NamedPipeApi}; these tests pin down what
 * each call really returns in each situation, and prove the bridge is a faithful stand-in (for
 * example that a pending read does not block a write on the same handle) before transport tests
 * rely on it. One bridge serves the whole class; each test uses its own pipe name.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WineNamedPipeApiTests {

	private static final int BUFFER = 4096;

	private static WineNamedPipeApi api;

	private final String name = "\\\\.\\pipe\\pipe-ipc-wine-test-" + UUID.randomUUID();

	private final List<Long> handles = new ArrayList<>();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@BeforeAll
	static void startBridge() throws IOException {
		WineToolchain.get().assumeAvailable();
		api = WineNamedPipeApi.start();
	}

	@AfterAll
	static void stopBridge() {
		if (api != null) {
			api.close();
		}
	}

	@AfterEach
	void closeHandles() {
		// Closing the handles also releases any call still waiting on them.
		this.handles.forEach(api::close);
		this.executor.shutdownNow();
	}

	@Test
	void connectWaitsUntilAClientOpens() throws Exception {
		long server = server(1);
		Future<Boolean> connected = async(() -> api.connect(server));
		assertStillWaiting(connected);
		client();
		assertThat(connected.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void clientThatConnectedBeforeConnectCountsAsConnected() throws Exception {
		long server = server(1);
		client();
		// ERROR_PIPE_CONNECTED (535)
		assertThat(api.connect(server)).isTrue();
	}

	@Test
	void clientThatCameAndLeftBeforeConnectIsGoneAndTheInstanceListensAgain() throws Exception {
		long server = server(1);
		long early = client();
		close(early);
		// ERROR_NO_DATA (232): not an error, and not a client to serve
		assertThat(api.connect(server)).isFalse();
		api.disconnect(server);
		Future<Boolean> connected = async(() -> api.connect(server));
		// Until that connect is issued the disconnected instance answers busy: wait, as clients do.
		long client = clientWaitingWhileBusy();
		assertThat(connected.get(10, TimeUnit.SECONDS)).isTrue();
		api.writeMessage(client, bytes("ping"));
		assertThat(api.readMessage(server, BUFFER)).isEqualTo(bytes("ping"));
	}

	@Test
	void messageLargerThanTheBufferArrivesInChunksThatReassembleIntact() throws Exception {
		long server = server(1);
		long client = connectedClient(server);
		byte[] message = pattern(1000);
		api.writeMessage(client, message);
		byte[] received = new byte[1000];
		List<ReadResult> chunks = new ArrayList<>();
		int offset = 0;
		ReadResult chunk;
		do {
			chunk = api.read(server, received, offset, Math.min(100, received.length - offset));
			chunks.add(chunk);
			offset += chunk.count();
		}
		while (chunk.moreData() && offset < received.length);
		assertThat(chunks).hasSize(10);
		assertThat(chunks).allSatisfy((c) -> assertThat(c.count()).isEqualTo(100));
		assertThat(chunks.subList(0, 9)).allSatisfy((c) -> assertThat(c.moreData()).isTrue());
		assertThat(chunks.get(9).moreData()).isFalse();
		assertThat(received).isEqualTo(message);
		// And the other way, to a client in message read mode.
		api.writeMessage(server, message);
		assertThat(api.readMessage(client, 100)).isEqualTo(message);
	}

	@Test
	void whenEveryInstanceIsBusyClientsAreToldBusyAndWaitingTimesOut() throws Exception {
		long server = server(1);
		connectedClient(server);
		assertWin32Error(() -> api.clientOpen(this.name), NamedPipeApi.ERROR_PIPE_BUSY);
		long start = System.nanoTime();
		assertWin32Error(() -> {
			api.clientWait(this.name, 300);
			return null;
		}, NamedPipeApi.ERROR_SEM_TIMEOUT);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
	}

	@Test
	void creatingMoreInstancesThanTheLimitFailsBusy() throws Exception {
		server(2);
		server(2);
		assertWin32Error(() -> server(2), NamedPipeApi.ERROR_PIPE_BUSY);
	}

	@Test
	void serverReadAfterTheClientClosedIsTheEnd() throws Exception {
		long server = server(1);
		long client = connectedClient(server);
		close(client);
		assertThat(api.read(server, new byte[BUFFER], 0, BUFFER)).isEqualTo(ReadResult.END);
	}

	@Test
	void serverReadPendingWhenTheClientClosesEnds() throws Exception {
		long server = server(1);
		long client = connectedClient(server);
		Future<ReadResult> read = async(() -> api.read(server, new byte[BUFFER], 0, BUFFER));
		assertStillWaiting(read);
		close(client);
		assertThat(read.get(10, TimeUnit.SECONDS).isEnd()).isTrue();
	}

	@Test
	void serverWriteAfterTheClientClosedFailsNoData() throws Exception {
		long server = server(1);
		long client = connectedClient(server);
		close(client);
		assertWin32Error(() -> {
			api.writeMessage(server, bytes("too late"));
			return null;
		}, NamedPipeApi.ERROR_NO_DATA);
	}

	@Test
	void cancelAbortsAPendingConnect() throws Exception {
		long server = server(1);
		Future<Boolean> connected = async(() -> api.connect(server));
		// Cancel until it takes: a cancel that arrives before the connect is pending does nothing.
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
			api.cancel(server);
			return connected.isDone();
		});
		assertThat(connected).failsWithin(Duration.ofSeconds(1))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOfSatisfying(NamedPipeException.class,
					(ex) -> assertThat(ex.getErrorCode()).isEqualTo(NamedPipeApi.ERROR_OPERATION_ABORTED));
	}

	@Test
	void closingTheHandleReleasesPendingCalls() throws Exception {
		long reading = server(2);
		connectedClient(reading);
		long listening = server(2);
		Future<Boolean> connect = async(() -> api.connect(listening));
		Future<ReadResult> read = async(() -> api.read(reading, new byte[BUFFER], 0, BUFFER));
		assertStillWaiting(connect);
		assertStillWaiting(read);
		close(listening);
		close(reading);
		// The codes differ (Wine: connect 676 ERROR_HANDLES_CLOSED, read END); what matters to a
		// server shutting down is that nothing keeps waiting.
		assertThat(connect).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(NamedPipeException.class);
		assertThat(read).succeedsWithin(Duration.ofSeconds(5));
	}

	@Test
	void afterDisconnectTheClientSeesTheEndAndCannotWrite() throws Exception {
		long server = server(1);
		long client = connectedClient(server);
		api.disconnect(server);
		assertThat(api.read(client, new byte[BUFFER], 0, BUFFER)).isEqualTo(ReadResult.END);
		assertWin32Error(() -> {
			api.writeMessage(client, bytes("late"));
			return null;
		}, NamedPipeApi.ERROR_PIPE_NOT_CONNECTED);
	}

	@Test
	void flushWaitsUntilTheClientHasRead() throws Exception {
		long server = server(1);
		long client = connectedClient(server);
		api.writeMessage(server, bytes("last words"));
		Future<?> flush = async(() -> {
			api.flush(server);
			return null;
		});
		assertStillWaiting(flush);
		assertThat(api.readMessage(client, BUFFER)).isEqualTo(bytes("last words"));
		flush.get(5, TimeUnit.SECONDS);
	}

	@Test
	void aPendingReadDoesNotBlockAWriteOnTheSameHandle() throws Exception {
		long server = server(1);
		long client = connectedClient(server);
		byte[] buffer = new byte[BUFFER];
		Future<ReadResult> read = async(() -> api.read(server, buffer, 0, buffer.length));
		assertStillWaiting(read);
		Future<?> write = async(() -> {
			api.writeMessage(server, bytes("reply while a read waits"));
			return null;
		});
		write.get(5, TimeUnit.SECONDS);
		assertThat(api.readMessage(client, BUFFER)).isEqualTo(bytes("reply while a read waits"));
		api.writeMessage(client, bytes("request"));
		ReadResult result = read.get(5, TimeUnit.SECONDS);
		assertThat(result.count()).isEqualTo(7);
		assertThat(new String(buffer, 0, result.count(), StandardCharsets.UTF_8)).isEqualTo("request");
	}

	@Test
	void clientProcessIdIsKnown() throws Exception {
		long server = server(1);
		connectedClient(server);
		assertThat(api.clientProcessId(server)).isPositive().isEqualTo(api.bridgeProcessId());
	}

	@Test
	void clientUserNameIsKnown() throws Exception {
		long server = server(1);
		connectedClient(server);
		assertThat(api.clientUserName(server)).isNotBlank();
	}

	@Test
	void existsForALiveNameOnly() throws Exception {
		assertThat(api.exists(this.name)).isFalse();
		long server = server(1);
		assertThat(api.exists(this.name)).isTrue();
		close(server);
		assertThat(api.exists(this.name)).isFalse();
	}

	@Test
	void openingAMissingPipeFailsNotFound() {
		assertWin32Error(() -> api.clientOpen(this.name), NamedPipeApi.ERROR_FILE_NOT_FOUND);
	}

	@Test
	void ownerOnlySecurityDescriptorIsAccepted() throws Exception {
		long server = api.create(this.name, true, 1, BUFFER, BUFFER, "D:P(A;;GA;;;OW)(A;;GA;;;SY)(A;;GA;;;BA)", true);
		this.handles.add(server);
		assertThat(api.exists(this.name)).isTrue();
		// The owner itself may connect.
		long client = connectedClient(server);
		api.writeMessage(client, bytes("owner"));
		assertThat(api.readMessage(server, BUFFER)).isEqualTo(bytes("owner"));
	}

	@Test
	void malformedSecurityDescriptorIsRejected() {
		assertThatExceptionOfType(NamedPipeException.class)
			.isThrownBy(() -> api.create(this.name, true, 1, BUFFER, BUFFER, "D:(this is not SDDL", false));
		assertThat(api.exists(this.name)).isFalse();
	}

	@Test
	void emptyMessagesTravel() throws Exception {
		long server = server(1);
		long client = connectedClient(server);
		api.writeMessage(client, new byte[0]);
		assertThat(api.read(server, new byte[BUFFER], 0, BUFFER)).isEqualTo(new ReadResult(0, false));
	}

	@Test
	void manyConcurrentCallsAreAllAnswered() throws Exception {
		long server = server(1);
		List<Future<Boolean>> calls = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			calls.add(async(() -> api.exists(this.name)));
		}
		for (Future<Boolean> call : calls) {
			assertThat(call.get(20, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(server).isPositive();
	}

	@Test
	void seedStyleClientExchangesMessagesWithAServer() throws Exception {
		long server = server(1);
		// An echo server on one instance: every message comes back as it was.
		Future<?> echo = async(() -> {
			api.connect(server);
			byte[] message;
			while ((message = api.readMessage(server, 1000)) != null) {
				api.writeMessage(server, message);
			}
			return null;
		});
		String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"a b\", \"\\\"quoted\\\" \u00e9\"]}";
		WineToolchain toolchain = WineToolchain.get();
		WineToolchain.Result result = toolchain.run(Duration.ofSeconds(30), toolchain.seedClient(),
				this.name.substring("\\\\.\\pipe\\".length()), "hello", json, "@100000", "@@at");
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.lines()).containsExactly("reply 5 hello",
				"reply " + json.getBytes(StandardCharsets.UTF_8).length + " " + json,
				"reply 100000 " + new String(pattern(200), StandardCharsets.US_ASCII), "reply 3 @at");
		echo.get(10, TimeUnit.SECONDS);
	}

	@Test
	void seedStyleClientReportsAMissingPipe() {
		WineToolchain toolchain = WineToolchain.get();
		WineToolchain.Result result = toolchain.run(Duration.ofSeconds(30), toolchain.seedClient(),
				"pipe-ipc-missing-" + UUID.randomUUID(), "hello");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.stderr().strip()).isEqualTo("error 2 CreateFile");
	}

	private long server(int maxInstances) throws NamedPipeException {
		long handle = api.create(this.name, false, maxInstances, BUFFER, BUFFER, null, true);
		this.handles.add(handle);
		return handle;
	}

	/** Close a handle this test opened (once: a closed handle's number may be reused). */
	private void close(long handle) {
		this.handles.remove(Long.valueOf(handle));
		api.close(handle);
	}

	/** Open a client in message read mode. */
	private long client() throws NamedPipeException {
		long handle = api.clientOpen(this.name);
		this.handles.add(handle);
		api.clientMessageMode(handle);
		return handle;
	}

	/** Open a client the way real clients do: on ERROR_PIPE_BUSY wait for an instance, retry. */
	private long clientWaitingWhileBusy() throws NamedPipeException {
		for (int attempt = 1;; attempt++) {
			try {
				return client();
			}
			catch (NamedPipeException ex) {
				if (ex.getErrorCode() != NamedPipeApi.ERROR_PIPE_BUSY || attempt == 10) {
					throw ex;
				}
				api.clientWait(this.name, 5000);
			}
		}
	}

	private long connectedClient(long server) throws Exception {
		Future<Boolean> connected = async(() -> api.connect(server));
		long client = client();
		assertThat(connected.get(10, TimeUnit.SECONDS)).isTrue();
		return client;
	}

	private <T> Future<T> async(Callable<T> call) {
		return this.executor.submit(call);
	}

	private static void assertStillWaiting(Future<?> future) throws Exception {
		try {
			future.get(200, TimeUnit.MILLISECONDS);
			throw new AssertionError("Expected the call to wait, but it returned");
		}
		catch (TimeoutException ex) {
			// still waiting, as it should
		}
	}

	private static void assertWin32Error(Callable<?> call, int code) {
		assertThatExceptionOfType(NamedPipeException.class).isThrownBy(call::call)
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(code));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** {@code 0123456789} repeated, as seed-client's {@code @N} sends. */
	private static byte[] pattern(int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) ('0' + i % 10);
		}
		return bytes;
	}

}
