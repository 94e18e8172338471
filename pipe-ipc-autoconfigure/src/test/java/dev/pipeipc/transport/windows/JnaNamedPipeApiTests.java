package dev.pipeipc.transport.windows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link JnaNamedPipeApi} against Windows itself: what Wine cannot show. The first-instance flag
 * refuses a live name, overlapped reads reassemble across {@code ERROR_MORE_DATA}, a pending
 * connect is cancelled, and the owner-only DACL admits the owner.
 */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class JnaNamedPipeApiTests {

	private final JnaNamedPipeApi api = new JnaNamedPipeApi();

	private static String newName() {
		return "\\\\.\\pipe\\jna-" + UUID.randomUUID();
	}

	private long create(String name, boolean first) throws NamedPipeException {
		return this.api.create(name, first, 4, 4096, 4096, NamedPipeSettings.OWNER_ONLY, true);
	}

	@Test
	void firstInstanceFlagRefusesALiveName() throws Exception {
		String name = newName();
		long first = create(name, true);
		try {
			assertThatExceptionOfType(NamedPipeException.class).isThrownBy(() -> create(name, true))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(NamedPipeApi.ERROR_ACCESS_DENIED));
			assertThat(this.api.exists(name)).isTrue();
		}
		finally {
			this.api.close(first);
		}
		assertThat(this.api.exists(name)).isFalse();
	}

	@Test
	void messageLargerThanTheReadBufferIsReassembled() throws Exception {
		String name = newName();
		long server = create(name, true);
		try {
			CompletableFuture<Boolean> connected = CompletableFuture.supplyAsync(() -> {
				try {
					return this.api.connect(server);
				}
				catch (NamedPipeException ex) {
					throw new IllegalStateException(ex);
				}
			});
			WinNT.HANDLE client = Kernel32.INSTANCE.CreateFile(name, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
					WinNT.OPEN_EXISTING, 0, null);
			assertThat(WinBase.INVALID_HANDLE_VALUE.equals(client)).as("CreateFile error %s", Native.getLastError())
				.isFalse();
			assertThat(connected.get(5, TimeUnit.SECONDS)).isTrue();
			byte[] message = "0123456789".repeat(100).getBytes(StandardCharsets.US_ASCII);
			assertThat(Kernel32.INSTANCE.WriteFile(client, message, message.length, new IntByReference(), null)).isTrue();
			byte[] buffer = new byte[100];
			StringBuilder received = new StringBuilder();
			NamedPipeApi.ReadResult result;
			do {
				result = this.api.read(server, buffer, 0, buffer.length);
				received.append(new String(buffer, 0, result.count(), StandardCharsets.US_ASCII));
			}
			while (result.moreData());
			assertThat(received.toString()).isEqualTo(new String(message, StandardCharsets.US_ASCII));
			assertThat(this.api.clientProcessId(server)).isEqualTo(ProcessHandle.current().pid());
			Kernel32.INSTANCE.CloseHandle(client);
			assertThat(this.api.read(server, buffer, 0, buffer.length).isEnd()).isTrue();
		}
		finally {
			this.api.disconnect(server);
			this.api.close(server);
		}
	}

	@Test
	void cancelEndsAPendingConnect() throws Exception {
		String name = newName();
		long server = create(name, true);
		try {
			CompletableFuture<Integer> outcome = CompletableFuture.supplyAsync(() -> {
				try {
					this.api.connect(server);
					return 0;
				}
				catch (NamedPipeException ex) {
					return ex.getErrorCode();
				}
			});
			// Cancel until it takes: a cancel that arrives before the connect is pending does nothing.
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
				this.api.cancel(server);
				return outcome.isDone();
			});
			assertThat(outcome.get()).isEqualTo(NamedPipeApi.ERROR_OPERATION_ABORTED);
		}
		finally {
			this.api.close(server);
		}
	}

}
